import Foundation

/// Faces a user placed by hand for re-extraction (until the studio's manual tool exists): a JSON
/// object mapping frame file names to lists of faces, each with a `box` `[left, top, right, bottom]`
/// (landmarks are then placed by the landmarker) and/or 68 `landmarks` `[[x, y], …]` (used as given).
public struct ManualFaces: Sendable {
    public struct Face: Codable, Sendable {
        public var box: [Float]?
        public var landmarks: [[Float]]?
    }

    public let faces: [String: [Face]]
    /// The file the faces came from, named in errors.
    public let source: String

    /// Reads the JSON file; errors name the file and what is wrong.
    public init(contentsOf url: URL) throws {
        source = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ExtractionError("cannot read \(url.path): \(error.localizedDescription) (check the path)")
        }
        do {
            faces = try JSONDecoder().decode([String: [Face]].self, from: data)
        } catch {
            throw ExtractionError("\(url.path) is not a face list: expected {\"frame.png\": [{\"box\": [l, t, r, b]} or {\"landmarks\": [[x, y] ×68]}]}")
        }
        for (frame, list) in faces.sorted(by: { $0.key < $1.key }) {
            for (index, face) in list.enumerated() where !Self.isValid(face) {
                throw ExtractionError("\(url.path): face \(index + 1) of \(frame) needs a box [left, top, right, bottom] with right > left and bottom > top, or 68 [x, y] landmarks (numbers within ±\(Int(Self.largestCoordinate)) pixels)")
            }
        }
    }

    /// The largest coordinate a face may have, in pixels either way: far beyond any frame, small
    /// enough that the face's box and crop stay countable in whole pixels.
    public static let largestCoordinate: Float = 1_000_000

    /// Whether a face has a box or landmarks, and whatever it has is well formed.
    private static func isValid(_ face: Face) -> Bool {
        guard face.box != nil || face.landmarks != nil else { return false }
        let inRange = { (value: Float) in value.isFinite && abs(value) <= largestCoordinate }
        if let box = face.box {
            guard box.count == 4, box.allSatisfy(inRange), box[2] > box[0], box[3] > box[1] else { return false }
        }
        if let landmarks = face.landmarks {
            guard landmarks.count == 68, landmarks.allSatisfy({ $0.count == 2 && $0.allSatisfy(inRange) }) else { return false }
        }
        return true
    }

    /// Throws unless every frame the list names is one of `frames` (file names).
    func requireFrames(among frames: Set<String>, in folder: URL) throws {
        let unknown = faces.keys.filter { !frames.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw ExtractionError("\(source) names frames that are not in \(folder.path): \(unknown.prefix(5).joined(separator: ", "))\(unknown.count > 5 ? ", …" : "") (use the frames' file names, e.g. \(frames.min() ?? "00001.png"))")
        }
    }
}
