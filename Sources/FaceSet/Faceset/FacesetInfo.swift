import DFLFormats
import Foundation

/// Machine-readable information about aligned faces: one face's metadata as JSON under DFL's
/// key names, or a summary of a folder.
public enum FacesetInfo {
    /// What a faceset folder holds.
    public struct Summary: Codable, Equatable, Sendable {
        /// Aligned faces (`.jpg` files with DFL metadata).
        public var faceCount: Int
        /// Image files that are not aligned faces.
        public var otherImageCount: Int
        /// Faces per face type name (`whole_face`, …).
        public var faceTypes: [String: Int]
        /// Faces per image size, as `"<width>x<height>"`.
        public var resolutions: [String: Int]
        /// Faces with XSeg label polygons.
        public var facesWithPolygons: Int
        /// Faces with an applied XSeg mask.
        public var facesWithXSegMask: Int
        /// Files that could not be read, with the reason.
        public var unreadable: [String]

        enum CodingKeys: String, CodingKey {
            case faceCount = "face_count"
            case otherImageCount = "other_image_count"
            case faceTypes = "face_types"
            case resolutions
            case facesWithPolygons = "faces_with_polygons"
            case facesWithXSegMask = "faces_with_xseg_mask"
            case unreadable
        }
    }

    /// The metadata of `image` as a JSON object with DFL's key names. Values are converted as
    /// Python's `json` would after `tolist()`: arrays become nested lists, tuples lists, enum
    /// members their integer, bytes base64 text, non-finite floats the strings `nan`/`inf`/`-inf`.
    public static func json(of image: AlignedFaceImage) throws(FacesetError) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: jsonObject(.dict(image.metadata)), options: [.sortedKeys])
        } catch {
            throw FacesetError(file: image.sourceName, reason: "metadata cannot be shown as JSON (\(error.localizedDescription))")
        }
    }

    /// A summary of the aligned faces directly in `folder`.
    public static func summary(folder: URL) throws(FacesetError) -> Summary {
        var summary = Summary(faceCount: 0, otherImageCount: 0, faceTypes: [:], resolutions: [:],
                              facesWithPolygons: 0, facesWithXSegMask: 0, unreadable: [])
        for url in try FacesetFolder.imageFiles(in: folder) {
            guard FacesetFolder.isAlignedFaceName(url.lastPathComponent) else {
                summary.otherImageCount += 1
                continue
            }
            let face: AlignedFace
            let image: AlignedFaceImage
            do throws(FacesetError) {
                image = try AlignedFaceImage(contentsOf: url)
                guard image.hasMetadata else {
                    summary.otherImageCount += 1
                    continue
                }
                face = try image.face()
            } catch {
                summary.unreadable.append(error.description)
                continue
            }
            summary.faceCount += 1
            summary.faceTypes[face.faceType.name, default: 0] += 1
            if let size = image.jpeg.frameSize {
                summary.resolutions["\(size.width)x\(size.height)", default: 0] += 1
            }
            if !face.xsegPolygons.isEmpty { summary.facesWithPolygons += 1 }
            if face.xsegMask != nil { summary.facesWithXSegMask += 1 }
        }
        return summary
    }

    /// `value` as Foundation JSON objects.
    static func jsonObject(_ value: PickleValue) -> Any {
        switch value {
        case .none: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return number
        case .bigInt(let number): return number.description
        case .float(let number): return jsonNumber(number)
        case .string(let text): return text
        case .bytes(let data): return Data(data).base64EncodedString()
        case .list(let elements), .tuple(let elements): return elements.map(jsonObject)
        case .dict(let dictionary):
            var object: [String: Any] = [:]
            for entry in dictionary { object[jsonKey(entry.key)] = jsonObject(entry.value) }
            return object
        case .ndarray(let array):
            let elements: [Any]
            switch array.dtype.kind {
            case .float: elements = array.doubles().map(jsonNumber)
            case .bool: elements = (array.integers() ?? []).map { $0 != 0 }
            case .signedInteger, .unsignedInteger: elements = array.integers() ?? []
            }
            return nested(elements, shape: array.shape)
        case .numpyScalar(let scalar):
            if scalar.dtype == .bool { return scalar.intValue != 0 }
            return scalar.intValue ?? jsonNumber(scalar.doubleValue)
        case .numpyDType(let dtype): return dtype.typeString
        case .dflEnum(let member): return member.value
        case .record(let record): return jsonObject(.dict(record.fields))
        }
    }

    private static func jsonNumber(_ number: Double) -> Any {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number > 0 ? "inf" : "-inf" }
        return number
    }

    private static func jsonKey(_ key: PickleValue) -> String {
        switch key {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .float(let number): return String(number)
        default:
            let object = jsonObject(key)
            guard JSONSerialization.isValidJSONObject([object]),
                  let data = try? JSONSerialization.data(withJSONObject: [object]) else { return String(describing: key) }
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
    }

    /// `elements` as nested arrays of `shape`; an array without elements gives `[]`.
    private static func nested(_ elements: [Any], shape: [Int]) -> Any {
        guard !elements.isEmpty else { return [Any]() }
        guard let first = shape.first else { return elements[0] }
        let inner = Array(shape.dropFirst())
        let stride = inner.reduce(1, *)
        return (0..<first).map { index in nested(Array(elements[(index * stride)..<((index + 1) * stride)]), shape: inner) }
    }
}
