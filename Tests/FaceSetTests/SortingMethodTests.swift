@testable import FaceGeometry
@testable import FaceSet
import Foundation
import Imaging
import Testing

/// Each DFL sort method orders the committed synthetic faceset as the independent
/// numpy/OpenCV/scikit-image reference does (`Tests/Reference/sort_reference.py`).
@Suite struct SortingMethodTests {
    /// (expected.json key, method name, options, score tolerance: nil = order only).
    static let cases: [(key: String, method: String, options: SortOptions, tolerance: Double?)] = [
        ("blur", "blur", SortOptions(), 1e-12),
        ("motion-blur", "motion-blur", SortOptions(), 1e-9),
        ("face-yaw", "face-yaw", SortOptions(), 1e-6),
        ("face-pitch", "face-pitch", SortOptions(), 1e-6),
        ("face-source-rect-size", "face-source-rect-size", SortOptions(), 0),
        ("hist", "hist", SortOptions(), nil),
        ("hist-dissim", "hist-dissim", SortOptions(), 1e-9),
        ("brightness", "brightness", SortOptions(), 1e-12),
        ("hue", "hue", SortOptions(), 1e-12),
        ("black", "black", SortOptions(), 0),
        ("origname", "origname", SortOptions(), nil),
        ("oneface", "oneface", SortOptions(), nil),
        ("absdiff", "absdiff", SortOptions(), nil),
        ("absdiff-dissimilar", "absdiff", SortOptions(absoluteDifferenceBySimilar: false), nil),
        ("final-2000", "final", SortOptions(), nil),
        ("final-300", "final", SortOptions(targetFaceCount: 300), nil),
        ("final-100", "final", SortOptions(targetFaceCount: 100), nil),
        ("final-fast-2000", "final-fast", SortOptions(), nil),
        ("final-fast-300", "final-fast", SortOptions(targetFaceCount: 300), nil),
        ("final-fast-100", "final-fast", SortOptions(targetFaceCount: 100), nil),
    ]

    @Test(arguments: cases.map(\.key))
    func ordersLikeTheReference(key: String) throws {
        let entry = Self.cases.first { $0.key == key }!
        let faces = try SortingFixtures.faces()
        #expect(try faces.map(\.fileName) == SortingFixtures.fileNames)
        let outcome = try SortMethodTable.method(named: entry.method).sort(faces, options: entry.options)
        let expected = try SortingFixtures.result(key)
        #expect(outcome.kept.map { faces[$0].fileName } == expected.kept, "kept order of \(key)")
        #expect(outcome.trashed.map { faces[$0].fileName } == expected.trash, "trash of \(key)")
        guard let tolerance = entry.tolerance else { return }
        for (index, face) in faces.enumerated() {
            let reference = expected.scores[face.fileName] as? Double
            guard let reference else { continue }
            let score = try #require(outcome.scores[index], "\(key): no score for \(face.fileName)")
            #expect(abs(score - reference) <= tolerance * max(1, abs(reference)),
                    "\(key) score of \(face.fileName): \(score) vs reference \(reference)")
        }
    }

    @Test func methodsThatSkipMetadataDoNotDependOnIt() throws {
        let faces = try SortingFixtures.faces()
        let plain = faces.map { SortableFace(url: $0.url, metadata: nil) }
        for method in SortMethodTable.methods where !method.readsMetadata {
            #expect(try method.sort(plain, options: SortOptions()) == method.sort(faces, options: SortOptions()),
                    "\(method.name)")
        }
        #expect(SortMethodTable.methods.filter { !$0.readsMetadata }.map(\.name)
            == ["hist", "brightness", "hue", "black", "oneface", "absdiff"])
    }

    @Test func bestFacesScoresAreSharpnessYawAndPitch() throws {
        let faces = try SortingFixtures.faces()
        let outcome = try BestFacesSort(sharpness: .cpbd).sort(faces, options: SortOptions())
        let expected = try SortingFixtures.result("final-2000").scores
        for (index, face) in faces.enumerated() {
            guard let reference = expected[face.fileName] as? [String: Double] else {
                #expect(outcome.scores[index] == nil, "\(face.fileName) is not a DFL face")
                continue
            }
            #expect(abs(try #require(outcome.scores[index]) - reference["sharpness"]!) < 1e-12)
            let pose = try #require(HeadPose(landmarks: face.metadata!.landmarks, size: 128))
            #expect(abs(pose.yaw - reference["yaw"]!) < 1e-6 && abs(pose.pitch - reference["pitch"]!) < 1e-6,
                    "pose of \(face.fileName)")
        }
    }

    @Test func bestFacesRefusesATargetThatKeepsNothing() throws {
        let faces = try SortingFixtures.faces()
        #expect(throws: SortError.targetCountTooSmall(64)) {
            try BestFacesSort(sharpness: .cpbd).sort(faces, options: SortOptions(targetFaceCount: 64))
        }
        #expect(SortError.targetCountTooSmall(64).description.contains("at least 65"))
    }

    @Test func oneFaceLeavesAFolderWithoutMultiFaceFramesAlone() throws {
        let faces = try SortingFixtures.faces().filter { !$0.fileName.hasPrefix("00005_") && !$0.fileName.hasPrefix("00015_")
            && $0.fileName != "00020_1.jpg" }
        let outcome = try OneFaceSort().sort(faces, options: SortOptions())
        #expect(outcome.kept.isEmpty && outcome.trashed.isEmpty)
    }

    @Test func oneFaceParsesOnlyExtractorNames() {
        let parsed = OneFaceSort.frameAndFace(of: URL(fileURLWithPath: "/a/00012_1.jpg"))
        #expect(parsed?.frame == 12 && parsed?.face == 1)
        for name in ["00012.jpg", "a_1.jpg", "1_2_3.jpg", "_1.jpg", "12_.jpg", "12_+1.jpg", "12_١.jpg"] {
            #expect(OneFaceSort.frameAndFace(of: URL(fileURLWithPath: "/a/\(name)")) == nil, "\(name)")
        }
    }

    @Test func absoluteDifferenceRefusesMixedSizes() throws {
        let folder = try SortingFixtures.temporaryCopy()
        let small = folder.appendingPathComponent("00003_0.jpg")
        let image = try Image(contentsOf: small).resized(width: 64, height: 64)
        try image.write(to: small, as: .jpeg())
        let faces = try SortingFixtures.faces(in: folder)
        #expect(throws: SortError.sizeMismatch(path: small.path, expected: "128x128", found: "64x64")) {
            try AbsoluteDifferenceSort().sort(faces, options: SortOptions())
        }
    }
}
