import DFLFormats
import FaceGeometry
/// The sample dict DFL stores per face in faceset.pak (`samplelib/Sample.py get_config`), built
/// from an aligned face the way `SampleLoader.load_face_samples` + `Sample` do.
enum FacesetSampleConfig {
    /// The config of the face in `image`, stored as `filename` (and `personName` in person mode).
    static func make(for image: AlignedFaceImage, filename: String, personName: String?) throws(FacesetError) -> PickleDictionary {
        let metadata = image.metadata
        func failure(_ reason: String) -> FacesetError { FacesetError(file: image.sourceName, reason: reason) }

        let faceTypeName = metadata["face_type"]?.stringValue ?? FaceType.full.name
        guard let faceType = FaceType(name: faceTypeName) else { throw failure("unknown face type '\(faceTypeName)'") }
        guard let shape = dflShape(of: image.jpeg) else { throw failure("has no start-of-frame segment") }
        guard let landmarks = metadata["landmarks"], let landmarkList = numpyToList(landmarks) else {
            throw failure("metadata has no landmarks DFL can read")
        }
        guard let polygons = dumpedPolygons(metadata["seg_ie_polys"]) else {
            throw failure("metadata key 'seg_ie_polys' is not a list of include/exclude polygons")
        }
        let eyebrows = metadata["eyebrows_expand_mod"].flatMap { $0 == .none ? nil : $0 } ?? .float(1.0)
        return PickleDictionary([
            ("sample_type", .dflEnum(.sampleTypeFace)),
            ("filename", .string(filename)),
            ("face_type", .dflEnum(.faceType(faceType))),
            ("shape", .tuple(shape.map { .int($0) })),
            ("landmarks", landmarkList),
            ("seg_ie_polys", polygons),
            ("xseg_mask", .none),
            ("xseg_mask_compressed", metadata["xseg_mask"] ?? .none),
            ("eyebrows_expand_mod", eyebrows),
            ("source_filename", metadata["source_filename"] ?? .none),
            ("person_name", personName.map { .string($0) } ?? .none),
        ])
    }

    /// `DFLJPG.get_shape()`: `(height, width, 3)` from SOF0/SOF2; for other frame types the
    /// shape OpenCV would decode (`(h, w)` for grayscale).
    static func dflShape(of jpeg: JPEGFile) -> [Int]? {
        guard let frame = jpeg.frameSize else { return nil }
        let baselineOrProgressive = jpeg.segments.contains { $0.marker == 0xC0 || $0.marker == 0xC2 }
        if baselineOrProgressive || frame.components == 3 { return [frame.height, frame.width, 3] }
        return frame.components == 1 ? [frame.height, frame.width] : [frame.height, frame.width, frame.components]
    }

    /// `SegIEPolys.load(value).dump()`: `{'polys': [{'type': int, 'pts': float32 array}, …]}`,
    /// include polygons first; nil when the value is malformed.
    static func dumpedPolygons(_ value: PickleValue?) -> PickleValue? {
        var entries: [(type: PickleValue, points: PickleValue?)] = []
        switch value {
        case nil, .none?:
            break
        case .dict(let dictionary)?:
            guard let polys = dictionary["polys"]?.sequenceElements else { return nil }
            for poly in polys {
                guard let fields = poly.dictionaryValue, let type = fields["type"] else { return nil }
                entries.append((type, fields["pts"]))
            }
        case .list(let list)?:
            for element in list {
                guard let pair = element.sequenceElements, pair.count == 2 else { return nil }
                entries.append((pair[0], pair[1]))
            }
        default:
            return nil
        }
        var dumped: [(kind: Int, value: PickleValue)] = []
        for entry in entries {
            guard let kind = entry.type.intValue, kind == 0 || kind == 1,
                  let points = float32Points(entry.points) else { return nil }
            dumped.append((kind, .dict(PickleDictionary([("type", .int(kind)), ("pts", points)]))))
        }
        let ordered = dumped.filter { $0.kind == 1 } + dumped.filter { $0.kind == 0 }
        return .dict(PickleDictionary([("polys", .list(ordered.map(\.value)))]))
    }

    /// `np.float32(points).copy()`: the points as a C-ordered float32 array of the same shape
    /// (`(0, 2)` when absent).
    private static func float32Points(_ value: PickleValue?) -> PickleValue? {
        let shape: [Int]
        let values: [Double]
        switch value {
        case nil, .none?:
            shape = [0, 2]
            values = []
        case .ndarray(let array)?:
            shape = array.shape
            values = array.doubles()
        case .list?, .tuple?:
            guard let value, let list = numpyToList(value), let nested = nestedShape(list) else { return nil }
            shape = nested.shape
            values = nested.values.compactMap(\.doubleValue)
        default:
            return nil
        }
        let data = values.flatMap { NumpyElements.bytes(of: Float($0).bitPattern) }
        return .ndarray(NumpyArray(consistentDType: .float32, shape: shape, data: data))
    }

    /// `np.array(value).tolist()` for numbers nested in lists, tuples and arrays: nested lists of
    /// one element type (float if any element is a float, else int, or bool if all are bools).
    static func numpyToList(_ value: PickleValue) -> PickleValue? {
        switch value {
        case .ndarray(let array):
            let elements: [PickleValue]
            switch array.dtype.kind {
            case .float: elements = array.doubles().map { .float($0) }
            case .bool: elements = (array.integers() ?? []).map { .bool($0 != 0) }
            case .signedInteger, .unsignedInteger: elements = (array.integers() ?? []).map { .int($0) }
            }
            return nest(elements, shape: array.shape)
        case .list, .tuple:
            guard let nested = nestedShape(value) else { return nil }
            let anyFloat = nested.values.contains {
                if case .float = $0 { return true }
                if case .numpyScalar(let scalar) = $0 { return scalar.dtype.kind == .float }
                return false
            }
            let allBool = nested.values.allSatisfy { if case .bool = $0 { return true } else { return false } }
            let elements: [PickleValue] = nested.values.map { element in
                if anyFloat { return .float(element.doubleValue ?? 0) }
                if allBool { return element }
                return .int(element.intValue ?? 0)
            }
            return nest(elements, shape: nested.shape)
        default:
            return value.doubleValue == nil ? nil : value
        }
    }

    /// The shape and the flattened numbers of a rectangular nest of lists and tuples.
    private static func nestedShape(_ value: PickleValue) -> (shape: [Int], values: [PickleValue])? {
        guard let elements = value.sequenceElements else {
            return value.doubleValue == nil ? nil : ([], [value])
        }
        var innerShape: [Int]?
        var values: [PickleValue] = []
        for element in elements {
            guard let inner = nestedShape(element), innerShape == nil || innerShape == inner.shape else { return nil }
            innerShape = inner.shape
            values.append(contentsOf: inner.values)
        }
        return ([elements.count] + (innerShape ?? []), values)
    }

    /// `elements` as nested lists of `shape`; an array without elements gives `[]`.
    private static func nest(_ elements: [PickleValue], shape: [Int]) -> PickleValue {
        guard !elements.isEmpty else { return .list([]) }
        guard let first = shape.first else { return elements[0] }
        let inner = Array(shape.dropFirst())
        let stride = inner.reduce(1, *)
        return .list((0..<first).map { index in
            nest(Array(elements[(index * stride)..<((index + 1) * stride)]), shape: inner)
        })
    }
}
