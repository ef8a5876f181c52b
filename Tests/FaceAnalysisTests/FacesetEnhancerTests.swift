import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Support
import Testing
import TestSupport

/// `FacesetEnhancer` (DFL's `facesettool enhance`) on two 64 px faces of Tests/Reference/faceset.
@Suite(.serialized) struct FacesetEnhancerTests {
    static let names = ["00001_0.jpg", "00002_0.jpg"]

    let workspace: TemporaryDirectory
    let faces: URL

    init() throws {
        workspace = try TemporaryDirectory("faceset-enhance")
        faces = workspace.file("aligned")
        try FileManager.default.createDirectory(at: faces, withIntermediateDirectories: true)
        for name in Self.names {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/\(name)"), to: faces.appendingPathComponent(name))
        }
    }

    @Test func enhancesAtTheSameSizeWithTheMetadataKeptThenResumesAndMergesBack() throws {
        let network = try SuperResolutionTests.network()
        let calls = Counter()
        let report = try FacesetEnhancer.enhance(folder: faces, with: network) { _, total in
            calls.increment()
            #expect(total == 2)
        }
        #expect(report.output.standardizedFileURL == workspace.file("aligned_enhanced").standardizedFileURL)
        #expect(report.enhanced == Self.names && report.alreadyDone.isEmpty && calls.value == 2)
        var written: [Data] = []
        for name in Self.names {
            let input = try AlignedFaceImage(contentsOf: faces.appendingPathComponent(name))
            let outputURL = report.output.appendingPathComponent(name)
            let output = try AlignedFaceImage(contentsOf: outputURL)
            #expect(output.metadata == input.metadata, "\(name): metadata copied unchanged")
            let (before, after) = (try Image(contentsOf: faces.appendingPathComponent(name), mode: .color),
                                   try Image(contentsOf: outputURL, mode: .color))
            #expect(after.width == before.width && after.height == before.height, "\(name): size preserved")
            let difference = PixelDifference(before, after)
            #expect(difference.maximum > 0 && difference.mean < 20, "\(name): enhanced, still the same face: \(difference)")
            written.append(try Data(contentsOf: outputURL))
        }

        let again = try FacesetEnhancer.enhance(folder: faces, with: network)
        #expect(again.enhanced.isEmpty && again.alreadyDone == Self.names, "a second run resumes")
        #expect(try Self.names.map { try Data(contentsOf: report.output.appendingPathComponent($0)) } == written)

        try FacesetEnhancer.mergeBack(again, into: faces, consent: ReplaceConsent(force: true))
        #expect(try Self.names.map { try Data(contentsOf: faces.appendingPathComponent($0)) } == written)
        #expect(PathKind.of(report.output) == .missing, "the emptied DIR_enhanced is removed")
    }

    @Test func aCorruptFaceIsNamedBeforeAnythingIsWritten() throws {
        let broken = faces.appendingPathComponent(Self.names[1])
        let bytes = try Data(contentsOf: broken)
        try bytes.prefix(bytes.count / 2).write(to: broken)
        let network = try SuperResolutionTests.network()
        #expect { try FacesetEnhancer.enhance(folder: faces, with: network) } throws: { error in
            "\(error)".hasPrefix(broken.path) && "\(error)".contains("re-extract") && !"\(error)".contains("\n")
        }
        let output = FacesetEnhancer.outputFolder(for: faces)
        #expect(PathKind.of(output) == .missing, "nothing is written")
    }

    @Test func mergingBackWithoutConsentChangesNothing() throws {
        let output = FacesetEnhancer.outputFolder(for: faces)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: faces.appendingPathComponent(Self.names[0]), to: output.appendingPathComponent(Self.names[0]))
        try Data("changed".utf8).write(to: output.appendingPathComponent(Self.names[0]), options: .atomic)
        let original = try Data(contentsOf: faces.appendingPathComponent(Self.names[0]))
        let report = FacesetEnhancer.Report(output: output, enhanced: [Self.names[0]])
        #expect(throws: FacesetError.self) { try FacesetEnhancer.mergeBack(report, into: faces, consent: ReplaceConsent(force: false)) }
        #expect(try Data(contentsOf: faces.appendingPathComponent(Self.names[0])) == original)
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func increment() { lock.withLock { count += 1 } }
    }
}
