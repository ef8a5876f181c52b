import Foundation
import Imaging
@testable import Media
import Testing
import TestSupport

/// `denoise --factor F` filters as DFL's `denoise-image-sequence` does: ffmpeg's hqdn3d with
/// spatial strength F (luma and chroma) and temporal strength 5. The reference is ffmpeg itself,
/// run here on a copy of the same frames with the filter string written from DFL's description.
@Suite struct DenoiseStrengthTests {
    func frames(in folder: TemporaryDirectory, _ name: String) throws -> URL {
        let clip = folder.file("clip-\(name).mp4")
        try SyntheticVideo.make(at: clip, seconds: 1, withAudio: false)
        let frames = folder.file(name)
        try VideoTools().extractFrames(FrameExtraction(input: clip, outputFolder: frames, fps: 8))
        return frames
    }

    /// ffmpeg's own hqdn3d output for the PNG frames of `folder`, in sorted order.
    func ffmpegReference(of folder: URL, factor: Int, in scratch: TemporaryDirectory) throws -> [Image] {
        let input = scratch.file("reference-in-\(factor)")
        let output = scratch.file("reference-out-\(factor)")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }.sorted()
        for (index, name) in names.enumerated() {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(name),
                                             to: input.appendingPathComponent(String(format: "%06d.png", index + 1)))
        }
        let ffmpeg = try #require(PackagePaths.onPath("ffmpeg"), "ffmpeg is not installed (apt-get install ffmpeg)")
        let result = try ProcessOutput.run(ffmpeg, ["-v", "error", "-y", "-i", input.appendingPathComponent("%06d.png").path,
                                                    "-vf", "hqdn3d=\(factor):\(factor):5:5", output.appendingPathComponent("%06d.png").path])
        #expect(result.status == 0, "\(result.standardError)")
        return try (1...names.count).map { try Image(contentsOf: output.appendingPathComponent(String(format: "%06d.png", $0)), mode: .color) }
    }

    @Test(arguments: [1, 7, 20])
    func framesEqualFFmpegsOwnHqdn3dAtThatStrength(factor: Int) throws {
        let scratch = try TemporaryDirectory("masque-denoise-strength")
        let frames = try frames(in: scratch, "data_dst")
        let originals = try FileManager.default.contentsOfDirectory(atPath: frames.path).filter { $0.hasSuffix(".png") }.sorted()
            .map { try Image(contentsOf: frames.appendingPathComponent($0), mode: .color) }
        let reference = try ffmpegReference(of: frames, factor: factor, in: scratch)

        try VideoTools().denoiseFrames(FrameDenoise(folder: frames, factor: factor))

        let denoised = try FileManager.default.contentsOfDirectory(atPath: frames.path).filter { $0.hasSuffix(".png") }.sorted()
            .map { try Image(contentsOf: frames.appendingPathComponent($0), mode: .color) }
        #expect(denoised.count == reference.count)
        for (index, (mine, theirs)) in zip(denoised, reference).enumerated() {
            let difference = PixelDifference(mine, theirs)
            #expect(difference.maximum == 0, "frame \(index + 1) at factor \(factor): \(difference) from ffmpeg's hqdn3d")
        }
        // The filter did something, more at a higher factor.
        let change = zip(denoised, originals).map { PixelDifference($0, $1).mean }.reduce(0, +)
        #expect(change > 0, "factor \(factor) left every pixel as it was")
    }

    @Test func aStrongerFactorSmoothsMore() throws {
        let scratch = try TemporaryDirectory("masque-denoise-order")
        var changes: [Double] = []
        for factor in [1, 20] {
            let frames = try frames(in: scratch, "data_dst_\(factor)")
            let before = try FileManager.default.contentsOfDirectory(atPath: frames.path).sorted()
                .map { try Image(contentsOf: frames.appendingPathComponent($0), mode: .color) }
            try VideoTools().denoiseFrames(FrameDenoise(folder: frames, factor: factor))
            let after = try FileManager.default.contentsOfDirectory(atPath: frames.path).sorted()
                .map { try Image(contentsOf: frames.appendingPathComponent($0), mode: .color) }
            changes.append(zip(before, after).map { PixelDifference($0, $1).mean }.reduce(0, +))
        }
        #expect(changes[1] > 2 * changes[0], "mean change at factor 1 and 20: \(changes)")
    }
}
