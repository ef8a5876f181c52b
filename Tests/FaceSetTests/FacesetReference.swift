import Foundation
import TestSupport

/// Runs `Tests/Reference/make_faceset_fixtures.py`, the independent Python reference.
enum FacesetReference {
    static let script = ReferenceFixtures.url("make_faceset_fixtures.py")

    /// The script's standard output for `command` and `arguments`.
    static func run(_ command: String, _ arguments: [String]) throws -> String {
        let launcher = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
        return try PythonReference.run(launcher, arguments: [script.path, command] + arguments)
    }

    /// The output lines of `command`.
    static func lines(_ command: String, _ arguments: [String]) throws -> [String] {
        try run(command, arguments).split(separator: "\n").map(String.init)
    }

    /// The fixture folder written by the script's `generate` command.
    static func fixture(_ relativePath: String) -> URL {
        ReferenceFixtures.url("faceset/" + relativePath)
    }

    /// `expected.json`: per fixture file, the values the script put into it.
    static func expectations() throws -> [String: FixtureExpectation] {
        let data = try Data(contentsOf: fixture("expected.json"))
        return try JSONDecoder().decode([String: FixtureExpectation].self, from: data)
    }

    /// The script's `describe-jpeg` record of each file.
    static func describeJPEGs(_ urls: [URL]) throws -> [JPEGDescription] {
        try lines("describe-jpeg", urls.map(\.path)).map { try JSONDecoder().decode(JPEGDescription.self, from: Data($0.utf8)) }
    }
}

/// What the reference script knows about one fixture JPEG.
struct FixtureExpectation: Decodable {
    struct Polygon: Decodable {
        var kind: Int
        var points: [[Double]]
    }

    var markers: [String]
    var metadata: String?
    var non_metadata_sha256: String
    var face_type: String?
    var landmarks: [[Double]]?
    var source_filename: String?
    var source_rect: [Int]?
    var source_landmarks: [[Double]]?
    var image_to_face_mat: [Double]?
    var polygons: [Polygon]?
    var xseg_mask_hex: String?
    var eyebrows_expand_mod: Double?
}

/// The reference script's view of a JPEG: its metadata, markers and a hash of all else.
struct JPEGDescription: Decodable {
    var metadata: String?
    var markers: [String]
    var non_metadata_sha256: String
    var shape: [Int]?
}

/// A small deterministic random number generator (SplitMix64) for reproducible property tests.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `[[x, y]]` from JSON as single-precision points.
func floatPoints(_ pairs: [[Double]]) -> [SIMD2<Float>] {
    pairs.map { SIMD2(Float($0[0]), Float($0[1])) }
}
