import Foundation
import Imaging
import Testing

@Suite struct CodecTests {
    /// A fresh folder for files a test writes, removed by `cleanUp`.
    final class Scratch {
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("masque-imaging-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        func file(_ name: String, _ bytes: Data) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try bytes.write(to: url)
            return url
        }

        deinit {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    static func meanAbsoluteDifference(_ a: Image, _ b: Image) -> Double {
        zip(pixelValues(a), pixelValues(b)).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(a.elementCount)
    }

    static func expectError(_ expected: ImagingError, naming path: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(expected)")
        } catch let error as ImagingError {
            #expect(error == expected)
            #expect(error.description.contains(path))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func decodesJPEGLikeOpenCV() throws {
        try expectMatches(try Image(contentsOf: Fixtures.url("q90.jpg")), fixture: "q90_decoded", tolerance: .absolute(1))
        try expectMatches(try Image(contentsOf: Fixtures.url("gray_q95.jpg")), fixture: "gray_q95_decoded",
                          tolerance: .absolute(1))
    }

    @Test func decodeModesSetChannels() throws {
        let color = try Image(contentsOf: Fixtures.url("gray_q95.jpg"), mode: .color)
        #expect(color.channels == 3 && color.format == .uint8)
        let gray = try Image(contentsOf: Fixtures.url("bgra.png"), mode: .grayscale)
        #expect(gray.channels == 1)
        let bgr = try Image(contentsOf: Fixtures.url("bgra.png"), mode: .color)
        try expectMatches(bgr, fixture: "input_u8", tolerance: .exact)
    }

    @Test func decodesPNGExactly() throws {
        try expectMatches(try Image(contentsOf: Fixtures.url("bgr.png")), fixture: "input_u8", tolerance: .exact)
        try expectMatches(try Image(contentsOf: Fixtures.url("bgra.png")), fixture: "input_bgra_u8", tolerance: .exact)
        try expectMatches(try Image(contentsOf: Fixtures.url("gray.png")), fixture: "gray_u8", tolerance: .exact)
    }

    @Test func decodesTIFFExactlyAndRefusesATruncatedOne() throws {
        try expectMatches(try Image(contentsOf: Fixtures.url("bgr.tiff")), fixture: "input_u8", tolerance: .exact)
        let whole = try Data(contentsOf: Fixtures.url("bgr.tiff"))
        #expect(throws: ImagingError.corrupt(format: .tiff, source: "bgr.tiff")) {
            try Image(encoded: whole.prefix(whole.count / 2), source: "bgr.tiff")
        }
    }

    @Test func sixteenBitPNGBecomesUnitFloat() throws {
        let image = try Image(contentsOf: Fixtures.url("bgr16.png"))
        #expect(image.format == .float32 && image.channels == 3)
        let expected = try Fixtures.array("bgr16_values").doubles().map { $0 / 65535 }
        expectValues(pixelValues(image), expected, tolerance: .relative(1e-6), name: "bgr16")
    }

    @Test func pngRoundTripIsLossless() throws {
        for input in [try Fixtures.inputU8, try Fixtures.image("input_bgra_u8"), try Fixtures.image("gray_u8")] {
            let fast = try input.encoded(as: .png(compressionLevel: 0))
            let small = try input.encoded(as: .png(compressionLevel: 9))
            #expect(small.count < fast.count)
            #expect(try Image(encoded: fast) == input)
            #expect(try Image(encoded: small) == input)
        }
    }

    @Test func jpegQualityTradesSizeForError() throws {
        let input = try Fixtures.inputU8.gaussianBlurred(kernelSize: 0, sigma: 1.5)
        let high = try input.encoded(as: .jpeg())
        let low = try input.encoded(as: .jpeg(quality: 20))
        #expect(EncodedImageFormat.detect(high) == .jpeg)
        #expect(low.count < high.count)
        let highError = Self.meanAbsoluteDifference(try Image(encoded: high), input)
        let lowError = Self.meanAbsoluteDifference(try Image(encoded: low), input)
        #expect(highError < 3)
        #expect(lowError > highError)
    }

    @Test func jpegMatchesOpenCVEncoder() throws {
        let ours = try Image(encoded: try Fixtures.inputU8.encoded(as: .jpeg(quality: 90)))
        try expectMatches(ours, fixture: "q90_decoded", tolerance: .absolute(2))
    }

    @Test func writeThenReadFile() throws {
        let scratch = try Scratch()
        let input = try Fixtures.inputU8
        let png = scratch.folder.appendingPathComponent("frame.png")
        try input.write(to: png, as: .png())
        #expect(try Image(contentsOf: png) == input)
        let jpeg = scratch.folder.appendingPathComponent("face.jpg")
        try input.write(to: jpeg, as: .jpeg(quality: 90))
        try expectMatches(try Image(contentsOf: jpeg), fixture: "q90_decoded", tolerance: .absolute(2))
    }

    @Test func unencodableImagesThrow() throws {
        #expect(throws: ImagingError.self) { try Fixtures.inputF32.encoded(as: .png()) }
        #expect(throws: ImagingError.self) { try Fixtures.image("input_bgra_u8").encoded(as: .jpeg()) }
        let error = #expect(throws: ImagingError.self) { try Fixtures.inputF32.encoded(as: .jpeg()) }
        #expect(error?.description.contains("convert the image to uint8") == true)
    }

    @Test func unwritablePathThrowsNamingIt() throws {
        let path = "/nonexistent-masque-folder/out.png"
        let input = try Fixtures.inputU8
        do throws(ImagingError) {
            try input.write(to: URL(fileURLWithPath: path), as: .png())
            Issue.record("expected a write error")
        } catch {
            guard case .unwritableFile(let named, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(named == path)
            #expect(error.description.contains(path) && !error.description.contains("\n"))
        }
    }

    @Test func truncatedJPEGIsRejectedNamingTheFile() throws {
        let scratch = try Scratch()
        let whole = try Data(contentsOf: Fixtures.url("q90.jpg"))
        let url = try scratch.file("cut.jpg", whole.prefix(whole.count / 2))
        Self.expectError(.corrupt(format: .jpeg, source: url.path), naming: url.path) {
            _ = try Image(contentsOf: url)
        }
        let message = ImagingError.corrupt(format: .jpeg, source: url.path).description
        #expect(message == "corrupt or truncated JPEG: \(url.path) (re-extract or delete it)")
    }

    @Test func truncatedPNGIsRejected() throws {
        let whole = try Data(contentsOf: Fixtures.url("bgr.png"))
        #expect(throws: ImagingError.corrupt(format: .png, source: "bgr.png")) {
            try Image(encoded: whole.dropLast(5), source: "bgr.png")
        }
    }

    @Test func zeroPaddedJPEGStillDecodes() throws {
        let padded = try Data(contentsOf: Fixtures.url("q90.jpg")) + Data(count: 64)
        try expectMatches(try Image(encoded: padded), fixture: "q90_decoded", tolerance: .absolute(1))
    }

    @Test func damagedJPEGBodyIsRejected() throws {
        var bytes = [UInt8](repeating: 0x55, count: 200)
        bytes.replaceSubrange(0..<4, with: [0xFF, 0xD8, 0xFF, 0xE0])
        bytes.replaceSubrange(198..<200, with: [0xFF, 0xD9])
        #expect(throws: ImagingError.corrupt(format: .jpeg, source: "damaged")) {
            try Image(encoded: Data(bytes), source: "damaged")
        }
    }

    @Test func garbageFileIsUnsupported() throws {
        let scratch = try Scratch()
        let url = try scratch.file("noise.jpg", Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        Self.expectError(.unsupportedFormat(source: url.path), naming: url.path) { _ = try Image(contentsOf: url) }
    }

    @Test func emptyFileIsRejected() throws {
        let scratch = try Scratch()
        let url = try scratch.file("empty.png", Data())
        Self.expectError(.empty(source: url.path), naming: url.path) { _ = try Image(contentsOf: url) }
    }

    @Test func missingFileIsNamed() throws {
        let path = "/nonexistent-masque-folder/data_src/00001.png"
        Self.expectError(.fileNotFound(path: path), naming: path) {
            _ = try Image(contentsOf: URL(fileURLWithPath: path))
        }
    }

    @Test func folderIsNotAnImage() throws {
        let scratch = try Scratch()
        Self.expectError(.unreadableFile(path: scratch.folder.path, reason: "it is a folder"), naming: scratch.folder.path) {
            _ = try Image(contentsOf: scratch.folder)
        }
    }
}
