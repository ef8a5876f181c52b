@testable import DFLFormats
@testable import FaceGeometry
@testable import FaceSet
import Foundation
import Testing
import TestSupport

/// faceset.pak made by the reference unpacks in Masque, and Masque's unpacks in the reference.
@Suite struct FacesetPackTests {
    static let alignedFaces = ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg", "00004_0.jpg", "00005_0.jpg"]

    /// A temporary copy of a fixture folder.
    static func copy(_ fixture: String) throws -> URL {
        let folder = try makeTemporaryFolder("pack")
        let target = folder.appendingPathComponent("faces")
        try FileManager.default.copyItem(at: FacesetReference.fixture(fixture), to: target)
        return target
    }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    @Test func referencePackUnpacksToTheOriginalFiles() throws {
        let folder = try Self.copy("packed")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let pak = try Self.bytes(folder.appendingPathComponent(FacesetPack.fileName))
        let samples = try FacesetPack.read(folder: folder)
        #expect(samples.map(\.filename) == Self.alignedFaces)
        #expect(samples.allSatisfy { $0.personName == nil && $0.config["sample_type"] == .dflEnum(.sampleTypeFace) })
        #expect(samples.map { $0.config["face_type"] } == [FaceType.wholeFace, .full, .head, .markOnly, .midFull].map { .dflEnum(.faceType($0)) })
        let layout = try Self.layout(of: pak)
        #expect(layout.lastOffset == pak.count, "DFL's last offset is the absolute end of the file")
        #expect(samples.map(\.byteRange.lowerBound) == layout.relativeOffsets.map { $0 + pak.count - layout.data.count })

        let written = try FacesetPack.unpack(folder: folder).written
        #expect(written.map(\.lastPathComponent) == Self.alignedFaces)
        for name in Self.alignedFaces {
            #expect(try Self.bytes(folder.appendingPathComponent(name)) == (try Self.bytes(FacesetReference.fixture("aligned/" + name))))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(FacesetPack.fileName).path))
    }

    @Test func referencePersonPackUnpacksIntoPersonFolders() throws {
        let folder = try Self.copy("packed_persons")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let written = try FacesetPack.unpack(folder: folder, removePack: false).written
        #expect(written.map { $0.pathComponents.suffix(2).joined(separator: "/") } == ["alice/00001_0.jpg", "alice/00002_0.jpg", "bob/00003_0.jpg"])
        for url in written {
            #expect(try Self.bytes(url) == (try Self.bytes(FacesetReference.fixture("aligned/" + url.lastPathComponent))))
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(FacesetPack.fileName).path))
    }

    @Test func masquePackMatchesTheReferenceAndUnpacksInPython() throws {
        let folder = try Self.copy("aligned")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let result = try FacesetPack.pack(folder: folder)
        #expect(result.samples.map(\.filename) == Self.alignedFaces)
        #expect(result.skipped.count == 2, "the PNG and the JPEG without metadata")

        let masqueTable = try FacesetPack.read(folder: folder).map(\.config)
        let referenceTable = try FacesetPack.read(folder: FacesetReference.fixture("packed")).map(\.config)
        #expect(masqueTable == referenceTable)
        let masquePak = try Self.layout(of: Self.bytes(result.pack))
        let referencePak = try Self.layout(of: Self.bytes(FacesetReference.fixture("packed/faceset.pak")))
        #expect(masquePak.relativeOffsets == referencePak.relativeOffsets)
        #expect(masquePak.data == referencePak.data)
        #expect(masquePak.lastOffset == masquePak.fileSize, "the last offset is absolute, as DFL writes it")

        let report = try JSONDecoder().decode(UnpackReport.self, from: Data(try FacesetReference.run("unpack", [folder.path]).utf8))
        #expect(report.offsets.last == report.file_size)
        #expect(report.samples == referenceDescription(.list(masqueTable.map { .dict($0) })))
        for name in Self.alignedFaces {
            #expect(try Self.bytes(folder.appendingPathComponent(name)) == (try Self.bytes(FacesetReference.fixture("aligned/" + name))))
        }
    }

    @Test func masquePersonPackUnpacksInPython() throws {
        let root = try makeTemporaryFolder("persons")
        defer { try? FileManager.default.removeItem(at: root) }
        for (person, names) in [("bob", ["00003_0.jpg"]), ("alice", ["00001_0.jpg", "00002_0.jpg"])] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(person), withIntermediateDirectories: true)
            for name in names {
                try FileManager.default.copyItem(at: FacesetReference.fixture("aligned/" + name),
                                                 to: root.appendingPathComponent(person).appendingPathComponent(name))
            }
        }
        try FileManager.default.copyItem(at: FacesetReference.fixture("aligned/00004_0.jpg"), to: root.appendingPathComponent("top_level_0.jpg"))
        let result = try FacesetPack.pack(folder: root, removeOriginals: true)
        #expect(result.samples.map { "\($0.personName ?? "-")/\($0.filename)" } == ["alice/00001_0.jpg", "alice/00002_0.jpg", "bob/00003_0.jpg"])
        let masquePak = try Self.layout(of: Self.bytes(result.pack))
        let referencePak = try Self.layout(of: Self.bytes(FacesetReference.fixture("packed_persons/faceset.pak")))
        #expect(masquePak.relativeOffsets == referencePak.relativeOffsets && masquePak.data == referencePak.data)
        #expect(try FacesetPack.read(folder: root).map(\.config) == (try FacesetPack.read(folder: FacesetReference.fixture("packed_persons")).map(\.config)))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("alice").path), "emptied person folders go")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("top_level_0.jpg").path), "unpacked files stay")

        _ = try FacesetReference.run("unpack", [root.path])
        for (person, name) in [("alice", "00001_0.jpg"), ("alice", "00002_0.jpg"), ("bob", "00003_0.jpg")] {
            let restored = root.appendingPathComponent(person).appendingPathComponent(name)
            #expect(try Self.bytes(restored) == (try Self.bytes(FacesetReference.fixture("aligned/" + name))))
        }
    }

    @Test func packNamesThatLeaveTheFolderAreRefused() throws {
        let root = try makeTemporaryFolder("escape")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("faces")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = PickleDictionary([("filename", .string("../escaped.jpg")), ("person_name", .none)])
        let table = try PickleWriter(protocolVersion: .four).write(.list([.dict(config)]))
        var pak = Self.littleEndian(1) + Self.littleEndian(UInt64(table.count)) + table
        pak += Self.littleEndian(0) + Self.littleEndian(UInt64(pak.count + 16 + 4)) + [0xFF, 0xD8, 0xFF, 0xD9]
        try Data(pak).write(to: folder.appendingPathComponent(FacesetPack.fileName))
        #expect {
            try FacesetPack.unpack(folder: folder)
        } throws: { error in
            "\(error)".contains("sample 0 has no plain file name")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escaped.jpg").path))
    }

    @Test func truncatedPacksGiveOneLineErrors() throws {
        let folder = try Self.copy("packed")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let url = folder.appendingPathComponent(FacesetPack.fileName)
        let pak = try Self.bytes(url)
        for length in [0, 7, 16, 100, 9_000, pak.count - 30_000] {
            try Data(pak.prefix(length)).write(to: url)
            do {
                _ = try FacesetPack.read(folder: folder)
                #expect(length > 9_000, "a pak cut to \(length) bytes still has its table")
            } catch {
                #expect(error.description.hasPrefix(url.path + ": ") && !error.description.contains("\n"))
            }
        }
    }

    /// A pak's parts, read directly from its bytes: the first N offsets, the last one, the data.
    static func layout(of pak: [UInt8]) throws -> (relativeOffsets: [Int], lastOffset: Int, data: [UInt8], fileSize: Int) {
        func integer(at offset: Int) -> Int { (0..<8).reduce(0) { $0 | Int(pak[offset + $1]) << (8 * $1) } }
        let tableLength = integer(at: 8)
        guard case .list(let samples) = try PickleReader(sourceName: "pak").read(Array(pak[16..<(16 + tableLength)])) else {
            throw FacesetError(file: "pak", reason: "no table")
        }
        let offsetsStart = 16 + tableLength
        let offsets = (0...samples.count).map { integer(at: offsetsStart + 8 * $0) }
        let dataStart = offsetsStart + 8 * (samples.count + 1)
        return (Array(offsets.dropLast()), offsets.last ?? 0, Array(pak[dataStart...]), pak.count)
    }

    static func littleEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    struct UnpackReport: Decodable {
        var samples: String
        var offsets: [Int]
        var data_start: Int
        var file_size: Int
    }
}
