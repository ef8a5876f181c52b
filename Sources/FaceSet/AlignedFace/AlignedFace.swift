import DFLFormats
import FaceGeometry
import Imaging
/// The typed view of an aligned face's DFL metadata (the APP15 `dfl_dict`, reference §1.2).
///
/// Reading accepts every form DFL's tools write (landmarks as lists or arrays, `source_rect` as
/// an int32/int64 array or a list, polygons in the current or the legacy form). `metadata` gives
/// the dict back: unknown and legacy keys are kept, and every field left unchanged keeps its
/// original value and encoding, so a re-save changes only what was edited.
public struct AlignedFace: Equatable, Sendable {
    /// The crop type (`face_type`; `full_face` when absent).
    public var faceType: FaceType
    /// The 68 landmarks in the aligned image's pixels (`landmarks`).
    public var landmarks: [SIMD2<Float>]
    /// The frame this face was cut from, file name only (`source_filename`).
    public var sourceFilename: String?
    /// The detector box in the frame (`source_rect`).
    public var sourceRect: SourceRect?
    /// The landmarks in frame pixels (`source_landmarks`).
    public var sourceLandmarks: [SIMD2<Float>]?
    /// Frame → aligned image (`image_to_face_mat`; absent for `mark_only`).
    public var imageToFaceMatrix: AffineMatrix?
    /// The XSeg label polygons (`seg_ie_polys`), include polygons first as DFL orders them.
    public var xsegPolygons: [XSegPolygon]
    /// The applied XSeg mask (`xseg_mask`).
    public var xsegMask: EncodedXSegMask?
    /// Eyebrow expansion for the hull mask (`eyebrows_expand_mod`; 1.0 when absent).
    public var eyebrowsExpandMod: Double
    /// The dict this face was read from, with its unknown and legacy keys.
    public private(set) var originalMetadata: PickleDictionary
    private var baseline: Baseline?

    /// A new face's metadata.
    public init(faceType: FaceType, landmarks: [SIMD2<Float>], sourceFilename: String? = nil,
                sourceRect: SourceRect? = nil, sourceLandmarks: [SIMD2<Float>]? = nil,
                imageToFaceMatrix: AffineMatrix? = nil, xsegPolygons: [XSegPolygon] = [],
                xsegMask: EncodedXSegMask? = nil, eyebrowsExpandMod: Double = 1.0) {
        self.faceType = faceType
        self.landmarks = landmarks
        self.sourceFilename = sourceFilename
        self.sourceRect = sourceRect
        self.sourceLandmarks = sourceLandmarks
        self.imageToFaceMatrix = imageToFaceMatrix
        self.xsegPolygons = xsegPolygons
        self.xsegMask = xsegMask
        self.eyebrowsExpandMod = eyebrowsExpandMod
        self.originalMetadata = PickleDictionary()
    }

    /// The face described by a `dfl_dict`; `sourceName` names the file in errors.
    public init(metadata: PickleDictionary, sourceName: String) throws(FacesetError) {
        self = try Self.decode(metadata, sourceName: sourceName)
    }

    /// The `dfl_dict` to store: the original dict with the changed fields re-encoded in the form
    /// DFL's extractor writes and cleared fields removed; for a new face, every field that is set.
    public var metadata: PickleDictionary {
        var result = originalMetadata
        func update<Value: Equatable>(_ key: String, _ current: Value, _ previous: Value?,
                                      encode: (Value) -> PickleValue?) {
            if let previous, previous == current { return }
            result[key] = encode(current)
        }
        update("face_type", faceType, baseline?.faceType) { .string($0.name) }
        update("landmarks", landmarks, baseline?.landmarks) { MetadataValueDecoding.pointList($0) }
        update("source_filename", sourceFilename, baseline?.sourceFilename) { $0.map { .string($0) } }
        let originalRect = originalMetadata["source_rect"]
        update("source_rect", sourceRect, baseline?.sourceRect) { rect in
            rect.map { Self.encodeRect($0, like: originalRect) }
        }
        update("source_landmarks", sourceLandmarks, baseline?.sourceLandmarks) { $0.map(MetadataValueDecoding.pointList) }
        update("image_to_face_mat", imageToFaceMatrix, baseline?.imageToFaceMatrix) { matrix in
            matrix.map { .ndarray(NumpyArray(consistentDType: .float64, shape: [2, 3],
                                             data: $0.elements.flatMap { NumpyElements.bytes(of: $0.bitPattern) })) }
        }
        update("seg_ie_polys", xsegPolygons, baseline?.xsegPolygons) { polygons in
            polygons.isEmpty ? nil : .dict(PickleDictionary([("polys", .list(polygons.map { polygon in
                .dict(PickleDictionary([
                    ("type", .int(polygon.kind.rawValue)),
                    ("pts", MetadataValueDecoding.float32PointArray(polygon.points)),
                ]))
            }))]))
        }
        update("xseg_mask", xsegMask, baseline?.xsegMask) { mask in
            mask.map { .ndarray(NumpyArray(consistentDType: .uint8, shape: [$0.bytes.count], data: $0.bytes)) }
        }
        update("eyebrows_expand_mod", eyebrowsExpandMod, baseline?.eyebrowsExpandMod ?? 1.0) { .float($0) }
        return result
    }

    /// The typed values as they were read, to tell which fields were edited.
    private struct Baseline: Equatable, Sendable {
        var faceType: FaceType
        var landmarks: [SIMD2<Float>]
        var sourceFilename: String?
        var sourceRect: SourceRect?
        var sourceLandmarks: [SIMD2<Float>]?
        var imageToFaceMatrix: AffineMatrix?
        var xsegPolygons: [XSegPolygon]
        var xsegMask: EncodedXSegMask?
        var eyebrowsExpandMod: Double

        init(_ face: AlignedFace) {
            faceType = face.faceType
            landmarks = face.landmarks
            sourceFilename = face.sourceFilename
            sourceRect = face.sourceRect
            sourceLandmarks = face.sourceLandmarks
            imageToFaceMatrix = face.imageToFaceMatrix
            xsegPolygons = face.xsegPolygons
            xsegMask = face.xsegMask
            eyebrowsExpandMod = face.eyebrowsExpandMod
        }
    }

    // MARK: - Decoding

    private static func decode(_ metadata: PickleDictionary, sourceName: String) throws(FacesetError) -> AlignedFace {
        func value(_ key: String) -> PickleValue? {
            guard let value = metadata[key], value != .none else { return nil }
            return value
        }
        func failure(_ key: String, _ problem: String) -> FacesetError {
            FacesetError(file: sourceName, reason: "metadata key '\(key)' \(problem)")
        }

        var faceType = FaceType.full
        switch value("face_type") {
        case .string(let name)?:
            guard let parsed = FaceType(name: name) else { throw failure("face_type", "names an unknown face type '\(name)'") }
            faceType = parsed
        case .dflEnum(let member)? where member.enumClass == .faceType:
            guard let parsed = FaceType(rawValue: member.value) else { throw failure("face_type", "is invalid") }
            faceType = parsed
        case nil:
            break
        default:
            throw failure("face_type", "is not a face type name")
        }

        guard let landmarkValue = value("landmarks") else {
            throw FacesetError(file: sourceName, reason: "metadata has no 'landmarks' (not an aligned face)")
        }
        guard let landmarks = MetadataValueDecoding.floatPoints(landmarkValue) else {
            throw failure("landmarks", "is not a list or array of (x, y) points")
        }
        guard landmarks.count == 68 else {
            throw failure("landmarks", "has \(landmarks.count) points, not DFL's 68")
        }

        var sourceFilename: String?
        if let filename = value("source_filename") {
            guard case .string(let text) = filename else { throw failure("source_filename", "is not a string") }
            sourceFilename = text
        }

        var sourceRect: SourceRect?
        if let rectValue = value("source_rect") {
            guard let numbers = MetadataValueDecoding.numbers(rectValue), numbers.count == 4,
                  numbers.allSatisfy({ $0.isFinite && abs($0) < 1e15 }) else {
                throw failure("source_rect", "is not four numbers")
            }
            let corners = numbers.map { Int($0) }
            sourceRect = SourceRect(left: corners[0], top: corners[1], right: corners[2], bottom: corners[3])
        }

        var sourceLandmarks: [SIMD2<Float>]?
        if let landmarksValue = value("source_landmarks") {
            guard let points = MetadataValueDecoding.floatPoints(landmarksValue) else {
                throw failure("source_landmarks", "is not a list or array of (x, y) points")
            }
            sourceLandmarks = points
        }

        var matrix: AffineMatrix?
        if let matrixValue = value("image_to_face_mat") {
            guard let entries = MetadataValueDecoding.numbers(matrixValue), entries.count == 6 else {
                throw failure("image_to_face_mat", "is not a 2×3 matrix")
            }
            matrix = AffineMatrix(elements: Array(entries.prefix(6)))
        }

        var polygons: [XSegPolygon] = []
        if let polygonValue = value("seg_ie_polys") {
            guard let decoded = decodePolygons(polygonValue) else {
                throw failure("seg_ie_polys", "is not a list of include/exclude polygons")
            }
            polygons = XSegPolygon.includeFirst(decoded)
        }

        var mask: EncodedXSegMask?
        switch value("xseg_mask") {
        case .ndarray(let array)? where array.dtype == .uint8:
            mask = EncodedXSegMask(bytes: array.data)
        case .bytes(let data)?:
            mask = EncodedXSegMask(bytes: data)
        case nil:
            break
        default:
            throw failure("xseg_mask", "is not encoded image bytes")
        }

        var eyebrowsExpandMod = 1.0
        if let modifier = value("eyebrows_expand_mod") {
            guard let number = modifier.doubleValue else { throw failure("eyebrows_expand_mod", "is not a number") }
            eyebrowsExpandMod = number
        }

        var face = AlignedFace(faceType: faceType, landmarks: landmarks, sourceFilename: sourceFilename,
                               sourceRect: sourceRect, sourceLandmarks: sourceLandmarks, imageToFaceMatrix: matrix,
                               xsegPolygons: polygons, xsegMask: mask, eyebrowsExpandMod: eyebrowsExpandMod)
        face.originalMetadata = metadata
        face.baseline = Baseline(face)
        return face
    }

    /// `{'polys': [{'type': t, 'pts': …}, …]}`, or the legacy list of `(type, pts)` pairs.
    private static func decodePolygons(_ value: PickleValue) -> [XSegPolygon]? {
        var pairs: [(PickleValue, PickleValue?)] = []
        if let dictionary = value.dictionaryValue {
            guard let polys = dictionary["polys"]?.sequenceElements else { return nil }
            for poly in polys {
                guard let fields = poly.dictionaryValue, let type = fields["type"] else { return nil }
                pairs.append((type, fields["pts"]))
            }
        } else if let list = value.sequenceElements {
            for element in list {
                guard let pair = element.sequenceElements, pair.count == 2 else { return nil }
                pairs.append((pair[0], pair[1]))
            }
        } else {
            return nil
        }
        var polygons: [XSegPolygon] = []
        for (type, pointsValue) in pairs {
            guard let number = type.intValue, let kind = XSegPolygon.Kind(rawValue: number) else { return nil }
            var points: [SIMD2<Float>] = []
            if let pointsValue, pointsValue != .none {
                guard let decoded = MetadataValueDecoding.floatPoints(pointsValue) else { return nil }
                points = decoded
            }
            polygons.append(XSegPolygon(kind: kind, points: points))
        }
        return polygons
    }

    /// A rect as an integer array of the original's dtype (int64, DFL's Linux default, if none).
    private static func encodeRect(_ rect: SourceRect, like original: PickleValue?) -> PickleValue {
        var dtype = NumpyDType.int64
        if case .ndarray(let array)? = original, array.dtype.kind == .signedInteger, array.dtype.itemSize >= 4 {
            dtype = array.dtype
        }
        let values = [rect.left, rect.top, rect.right, rect.bottom]
        let data = values.flatMap { value in
            (0..<dtype.itemSize).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: Int64(value)) >> (8 * $0)) }
        }
        return .ndarray(NumpyArray(consistentDType: dtype, shape: [4], data: data))
    }
}
