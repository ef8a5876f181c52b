import Foundation
@testable import Media
import Testing
import TestSupport

@Suite struct ImageCompletenessTests {
    static let jpegBody: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x12, 0x34]
    static let pngBody: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
    static let pngEnd: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    func write(_ bytes: [UInt8], named name: String, in folder: TemporaryDirectory) throws -> URL {
        let url = folder.file(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func acceptsCompleteJPEGsEvenWithZeroPadding() throws {
        let folder = try TemporaryDirectory()
        try ImageCompleteness.check(write(Self.jpegBody + [0xFF, 0xD9], named: "a.jpg", in: folder), as: .jpeg)
        let padded = Self.jpegBody + [0xFF, 0xD9] + [UInt8](repeating: 0, count: 70_000)
        try ImageCompleteness.check(write(padded, named: "b.jpg", in: folder), as: .jpeg)
    }

    @Test func rejectsTruncatedJPEGNamingTheFile() throws {
        let folder = try TemporaryDirectory()
        let file = try write(Self.jpegBody + [UInt8](repeating: 0x55, count: 100_000), named: "00007.jpg", in: folder)
        #expect(throws: MediaError.incompleteImage(path: file.path, format: "JPEG")) {
            try ImageCompleteness.check(file, as: .jpeg)
        }
        let allZeros = try write([UInt8](repeating: 0, count: 10), named: "zeros.jpg", in: folder)
        #expect(throws: MediaError.self) { try ImageCompleteness.check(allZeros, as: .jpeg) }
    }

    @Test func acceptsPNGWithIENDAndRejectsPNGWithout() throws {
        let folder = try TemporaryDirectory()
        try ImageCompleteness.check(write(Self.pngBody + Self.pngEnd, named: "ok.png", in: folder), as: .png)
        let cut = try write(Self.pngBody + Self.pngEnd.dropLast(3), named: "cut.png", in: folder)
        #expect(throws: MediaError.incompleteImage(path: cut.path, format: "PNG")) {
            try ImageCompleteness.check(cut, as: .png)
        }
    }

    @Test func rejectsAFileOfTheOtherFormat() throws {
        let folder = try TemporaryDirectory()
        let jpegNamedPNG = try write(Self.jpegBody + [0xFF, 0xD9], named: "x.png", in: folder)
        #expect(throws: MediaError.self) { try ImageCompleteness.check(jpegNamedPNG, as: .png) }
    }
}
