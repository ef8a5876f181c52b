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

    /// Reads the JSON file; errors name the file and what is wrong.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ExtractionError("cannot read \(url.path): \(error.localizedDescription) (check the path)")
        }
        do {
            faces = try JSONDecoder().decode([String: [Face]].self, from: data)
        } catch {
            throw ExtractionError("\(url.path) is not a face list: expected {\"frame.png\": [{\"box\": [l, t, r, b]} or {\"landmarks\": [[x, y] ×68]}]}")
        }
        for (frame, list) in faces {
            for face in list {
                guard face.box?.count == 4 || face.landmarks?.count == 68,
                      face.landmarks?.allSatisfy({ $0.count == 2 }) ?? true
                else { throw ExtractionError("\(url.path): a face of \(frame) needs a 4-number box or 68 [x, y] landmarks") }
            }
        }
    }
}
