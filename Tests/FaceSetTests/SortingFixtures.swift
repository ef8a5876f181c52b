import FaceSet
import Foundation
import TestSupport

/// The synthetic aligned faceset of `Tests/Reference/make_sort_fixtures.py` and the orders
/// `Tests/Reference/sort_reference.py` computed for it (`sort/expected.json`).
enum SortingFixtures {
    static let folder = ReferenceFixtures.url("sort/faces")

    /// expected.json, parsed once; a missing or broken file fails each test that reads it.
    nonisolated(unsafe) private static let loaded = Result<[String: Any], any Error> {
        let data = try Data(contentsOf: ReferenceFixtures.url("sort/expected.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("Tests/Reference/sort/expected.json is not a JSON object (run Tests/Reference/sort_reference.py)")
        }
        return object
    }

    /// expected.json, parsed.
    static var expected: [String: Any] { get throws { try loaded.get() } }

    /// The file names in incoming order.
    static var fileNames: [String] { get throws { try expected["files"] as! [String] } }

    /// The metadata the reference read from each DFL face's APP15 segment (float64 landmarks).
    static func referenceMetadata(for url: URL) throws -> FaceMetadata? {
        let all = try expected["metadata"] as! [String: [String: Any]]
        guard let entry = all[url.lastPathComponent] else { return nil }
        let landmarks = (entry["landmarks"] as! [[Double]]).map { SIMD2($0[0], $0[1]) }
        let rect = entry["source_rect"] as! [Int]
        return FaceMetadata(landmarks: landmarks, sourceRect: SIMD4(rect[0], rect[1], rect[2], rect[3]),
                            sourceFilename: entry["source_filename"] as? String)
    }

    /// The hull mask area (pixels) the reference computed for a face.
    static func hullArea(of name: String) throws -> Int {
        let all = try expected["metadata"] as! [String: [String: Any]]
        return all[name]!["hull_area"] as! Int
    }

    /// The faces of `folder` with the metadata read from their JPEGs.
    static func faces(in folder: URL = folder) throws -> [SortableFace] {
        try FacesetSorter.faces(in: folder)
    }

    /// The reference result of one method entry ("blur", "final-300", ...).
    static func result(_ key: String) throws -> (kept: [String], trash: [String], scores: [String: Any]) {
        let methods = try expected["methods"] as! [String: [String: Any]]
        let entry = methods[key]!
        return (entry["kept"] as! [String], entry["trash"] as! [String], entry["scores"] as! [String: Any])
    }

    /// A copy of the faceset in a fresh temporary folder, as `<temp>/aligned`.
    static func temporaryCopy() throws -> URL {
        let aligned = try makeTemporaryFolder("masque-sort").appendingPathComponent("aligned")
        try FileManager.default.copyItem(at: folder, to: aligned)
        return aligned
    }

    /// The bytes of a fixture face.
    static func bytes(of name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }
}
