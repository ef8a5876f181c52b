import DFLFormats
/// Reading the loosely typed values DFL's tools leave in a metadata dict: numbers may be Python
/// ints or floats or NumPy scalars, point lists may be lists of pairs or `(N, 2)` arrays.
enum MetadataValueDecoding {
    /// A flat sequence of numbers from a list, a tuple or an array.
    static func numbers(_ value: PickleValue) -> [Double]? {
        switch value {
        case .ndarray(let array):
            return array.doubles()
        case .list(let elements), .tuple(let elements):
            var result: [Double] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                guard let number = element.doubleValue else { return nil }
                result.append(number)
            }
            return result
        default:
            return nil
        }
    }

    /// Points from a list or tuple of pairs, or an `(N, 2)` array (an empty array of any shape
    /// counts as no points).
    static func points(_ value: PickleValue) -> [SIMD2<Double>]? {
        switch value {
        case .ndarray(let array):
            if array.count == 0 { return [] }
            guard array.shape.count == 2, array.shape[1] == 2 else { return nil }
            let values = array.doubles()
            return stride(from: 0, to: values.count, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
        case .list(let elements), .tuple(let elements):
            var result: [SIMD2<Double>] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                guard let pair = numbers(element), pair.count == 2 else { return nil }
                result.append(SIMD2(pair[0], pair[1]))
            }
            return result
        default:
            return nil
        }
    }

    /// Single precision points, as Masque hands landmarks and polygons out.
    static func floatPoints(_ value: PickleValue) -> [SIMD2<Float>]? {
        points(value)?.map { SIMD2(Float($0.x), Float($0.y)) }
    }

    /// A list of `[x, y]` Python floats, the form DFL's extractor writes.
    static func pointList(_ points: [SIMD2<Float>]) -> PickleValue {
        .list(points.map { .list([.float(Double($0.x)), .float(Double($0.y))]) })
    }

    /// An `(N, 2)` float32 array, the form DFL stores polygon vertices in.
    static func float32PointArray(_ points: [SIMD2<Float>]) -> PickleValue {
        let data = points.flatMap { NumpyElements.bytes(of: $0.x.bitPattern) + NumpyElements.bytes(of: $0.y.bitPattern) }
        return .ndarray(NumpyArray(consistentDType: .float32, shape: [points.count, 2], data: data))
    }
}
