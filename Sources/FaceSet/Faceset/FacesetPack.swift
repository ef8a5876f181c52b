import DFLFormats
import Foundation
import Support

/// DFL's `faceset.pak` (`samplelib/PackedFaceset.py`, reference §1.6): every aligned face of a
/// folder in one file.
///
/// Layout, all integers unsigned 64-bit little-endian: version (1), length of the sample table,
/// the table (a protocol 4 pickle of one config dict per face), N+1 offsets, then the JPEG files
/// verbatim. Offsets are relative to the start of the data, except the last, which DFL writes as
/// the absolute end of the file; Masque writes the same and clamps reads to the file's end.
public enum FacesetPack {
    /// The pack's name inside its folder.
    public static let fileName = "faceset.pak"
    /// The only version DFL writes and reads.
    public static let version: UInt64 = 1

    /// One face stored in a pack.
    public struct Sample: Sendable {
        /// DFL's sample config dict (`sample_type`, `filename`, `face_type`, `shape`, `landmarks`, …).
        public var config: PickleDictionary
        /// The file name the face is unpacked to.
        public var filename: String
        /// The person subfolder the face came from, in person facesets.
        public var personName: String?
        /// Where the face's JPEG bytes lie in the pack.
        public var byteRange: Range<Int>
    }

    /// What `pack` did.
    public struct PackResult: Sendable {
        /// The pack written.
        public var pack: URL
        /// The packed faces, in pack order.
        public var samples: [Sample]
        /// Image files left out, with the reason (not a `.jpg`, no DFL metadata, unreadable).
        public var skipped: [FacesetError]
        /// The faces of the pack this one replaced, nil when there was none.
        public var replacedFaceCount: Int?
        /// True when an existing pack already held every face of the folder, byte for byte (a
        /// run interrupted after writing it): the pack was kept and only the originals deleted.
        public var alreadyPacked: Bool
        /// Originals deleted (with `removeOriginals`).
        public var deletedOriginals: Int
    }

    /// Packs the aligned faces of `folder` into `folder/faceset.pak`.
    ///
    /// As DFL: when `personFolders` is true and `folder` has subfolders, the faces of each
    /// subfolder are packed with the subfolder as `person_name` and top-level images are left
    /// out; otherwise the top-level images are packed. Only whole `.jpg` files with DFL metadata
    /// are packed, in Python's sort order, their bytes unchanged; the others (a cut-short JPEG,
    /// unreadable metadata) are listed in `skipped` and never deleted. A folder with no face to pack is an error, never an empty pack.
    ///
    /// An existing pack is replaced only with `consent` (DFL asks too), unless it already holds
    /// every face of the folder byte for byte, as after a run killed while deleting originals:
    /// then it is kept and the job is finished. With `removeOriginals` the packed files are
    /// deleted (and person subfolders that end up empty), but only after the pack was written,
    /// flushed and read back; DFL also deletes the images it skipped and whole subfolders, which
    /// Masque does not. The folder is locked against a second masque process meanwhile.
    @discardableResult
    public static func pack(folder: URL, personFolders: Bool = true, removeOriginals: Bool = false,
                            consent: ReplaceConsent = ReplaceConsent(force: false)) throws(FacesetError) -> PackResult {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let subfolders = try FacesetFolder.subfolderNames(in: folder)
        var candidates: [(url: URL, person: String?)] = []
        if personFolders, !subfolders.isEmpty {
            for person in subfolders {
                candidates += try FacesetFolder.imageFiles(in: folder.appendingPathComponent(person)).map { ($0, person) }
            }
        } else {
            candidates = try FacesetFolder.imageFiles(in: folder).map { ($0, nil) }
        }

        var configs: [PickleValue] = []
        var packed: [(url: URL, person: String?, bytes: [UInt8], config: PickleDictionary)] = []
        var skipped: [FacesetError] = []
        for candidate in candidates {
            let name = candidate.url.lastPathComponent
            guard FacesetFolder.isAlignedFaceName(name) else {
                skipped.append(FacesetError(file: candidate.url.path, reason: "not a .jpg file, DFL does not pack it"))
                continue
            }
            do throws(FacesetError) {
                let bytes = try readFile(candidate.url)
                let image = try AlignedFaceImage(bytes: bytes, sourceName: candidate.url.path)
                guard image.hasMetadata else {
                    skipped.append(FacesetError(file: candidate.url.path, reason: "has no DFL metadata"))
                    continue
                }
                guard JPEGFile.endsWithEndOfImage(bytes) else {
                    skipped.append(FacesetError(file: candidate.url.path,
                                                reason: "is cut short (no JPEG end marker), not packed; re-extract or remove it"))
                    continue
                }
                let config = try FacesetSampleConfig.make(for: image, filename: name, personName: candidate.person)
                configs.append(.dict(config))
                packed.append((candidate.url, candidate.person, bytes, config))
            } catch {
                skipped.append(error)
            }
        }

        let packURL = folder.appendingPathComponent(fileName)
        guard !packed.isEmpty else {
            throw FacesetError(file: folder.path, reason: "holds no aligned face to pack (.jpg with DFL metadata); nothing was written")
        }
        var replacedFaceCount: Int?
        if PathKind.of(packURL) != .missing {
            let existing: [Sample]
            do throws(FacesetError) {
                existing = try read(folder: folder)
            } catch {
                try FacesetFolder.confirm(consent, packURL, "cannot be read (\(error.reason)) and would be replaced by a pack of \(packed.count) faces")
                existing = []
            }
            if !existing.isEmpty, try holdsEvery(packed.map { ($0.person, $0.url.lastPathComponent, $0.bytes) }, pack: packURL, samples: existing) {
                let deleted = removeOriginals ? try delete(packed.map { ($0.url, $0.person) }, in: folder) : 0
                return PackResult(pack: packURL, samples: existing, skipped: skipped, replacedFaceCount: nil,
                                  alreadyPacked: true, deletedOriginals: deleted)
            }
            if !existing.isEmpty {
                try FacesetFolder.confirm(consent, packURL, "already holds \(existing.count) faces and would be replaced by a pack of \(packed.count)")
            }
            replacedFaceCount = existing.count
        }

        let table: [UInt8]
        do throws(PickleError) {
            table = try PickleWriter(protocolVersion: .four).write(.list(configs))
        } catch {
            throw FacesetError(file: packURL.path, reason: "sample table cannot be pickled: \(error.reason)")
        }
        var header = littleEndian(version) + littleEndian(UInt64(table.count)) + table
        let dataStart = header.count + 8 * (packed.count + 1)
        var offsets: [Int] = []
        var position = 0
        for face in packed {
            offsets.append(position)
            position += face.bytes.count
        }
        offsets.append(dataStart + position)
        header += offsets.flatMap { littleEndian(UInt64($0)) }

        do {
            try AtomicFile.write(to: packURL) { output in
                try output.write(contentsOf: Data(header))
                for face in packed { try output.write(contentsOf: Data(face.bytes)) }
            }
        } catch {
            throw FacesetError(file: packURL.path, reason: "cannot be written (\(FileError.reason(error))); check free space and permissions")
        }

        let samples = try read(folder: folder)
        guard samples.count == packed.count,
              try holdsEvery(packed.map { ($0.person, $0.url.lastPathComponent, $0.bytes) }, pack: packURL, samples: samples) else {
            throw FacesetError(file: packURL.path, reason: "does not read back as written; no original was deleted, check the disk and pack again")
        }
        let deleted = removeOriginals ? try delete(packed.map { ($0.url, $0.person) }, in: folder) : 0
        return PackResult(pack: packURL, samples: samples, skipped: skipped, replacedFaceCount: replacedFaceCount,
                          alreadyPacked: false, deletedOriginals: deleted)
    }

    /// Whether the pack holds each face (person, file name, bytes) with exactly those bytes.
    private static func holdsEvery(_ faces: [(person: String?, name: String, bytes: [UInt8])], pack: URL,
                                   samples: [Sample]) throws(FacesetError) -> Bool {
        var ranges: [String: Range<Int>] = [:]
        for sample in samples { ranges["\(sample.personName ?? "")/\(sample.filename)"] = sample.byteRange }
        guard let input = FileHandle(forReadingAtPath: pack.path) else {
            throw FacesetError(file: pack.path, reason: "cannot be opened; check its permissions")
        }
        defer { try? input.close() }
        for face in faces {
            guard let range = ranges["\(face.person ?? "")/\(face.name)"], range.count == face.bytes.count else { return false }
            do {
                try input.seek(toOffset: UInt64(range.lowerBound))
                guard let stored = try input.read(upToCount: range.count), stored.elementsEqual(face.bytes) else { return false }
            } catch {
                throw FacesetError(file: pack.path, reason: "cannot be read (\(FileError.reason(error)))")
            }
        }
        return true
    }

    /// Deletes the packed originals and the person subfolders left empty; returns how many files went.
    private static func delete(_ faces: [(url: URL, person: String?)], in folder: URL) throws(FacesetError) -> Int {
        var deleted = 0
        for face in faces {
            do {
                try FileManager.default.removeItem(at: face.url)
                deleted += 1
            } catch {
                throw FacesetError(file: face.url.path, reason: "is packed but cannot be deleted (\(FileError.reason(error))); delete it by hand")
            }
        }
        for person in Set(faces.compactMap(\.person)) {
            let subfolder = folder.appendingPathComponent(person)
            if (try? FileManager.default.contentsOfDirectory(atPath: subfolder.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: subfolder)
            }
        }
        AtomicFile.syncFolder(folder)
        return deleted
    }

    /// The faces in `folder/faceset.pak`, read without running anything in the table.
    public static func read(folder: URL) throws(FacesetError) -> [Sample] {
        let packURL = folder.appendingPathComponent(fileName)
        let name = packURL.path
        guard let input = FileHandle(forReadingAtPath: name) else {
            throw FacesetError(file: name, reason: "cannot be opened")
        }
        defer { try? input.close() }
        func failure(_ reason: String) -> FacesetError {
            FacesetError(file: name, reason: "not a valid faceset.pak: \(reason); restore it from a copy or pack the faces again")
        }
        func readExactly(_ count: Int) throws(FacesetError) -> [UInt8] {
            let data: Data?
            do {
                data = try input.read(upToCount: count)
            } catch {
                throw FacesetError(file: name, reason: "cannot be read (\(error.localizedDescription))")
            }
            guard let data, data.count == count else { throw failure("the file ends early") }
            return [UInt8](data)
        }
        let fileSize: Int
        do {
            fileSize = Int(try input.seekToEnd())
            try input.seek(toOffset: 0)
        } catch {
            throw FacesetError(file: name, reason: "cannot be read (\(error.localizedDescription))")
        }

        let head = try readExactly(16)
        guard readLittleEndian(head, at: 0) == version else { throw failure("unsupported version \(readLittleEndian(head, at: 0))") }
        let tableLength = readLittleEndian(head, at: 8)
        guard tableLength <= UInt64(fileSize - 16) else { throw failure("sample table length exceeds the file") }
        let tableBytes = try readExactly(Int(tableLength))
        let table: PickleValue
        do throws(PickleError) {
            table = try PickleReader(sourceName: name).read(tableBytes)
        } catch {
            throw FacesetError(error)
        }
        guard case .list(let configs) = table else { throw failure("the sample table is not a list") }
        let offsetsStart = 16 + Int(tableLength)
        guard 8 * (configs.count + 1) <= fileSize - offsetsStart else { throw failure("the offset table exceeds the file") }
        let offsetBytes = try readExactly(8 * (configs.count + 1))
        let offsets = (0...configs.count).map { readLittleEndian(offsetBytes, at: 8 * $0) }
        let dataStart = offsetsStart + 8 * (configs.count + 1)

        var samples: [Sample] = []
        for (index, config) in configs.enumerated() {
            guard case .dict(let dictionary) = config else { throw failure("sample \(index) is not a dict") }
            guard let filename = dictionary["filename"]?.stringValue, FacesetFolder.isPlainFileName(filename) else {
                throw failure("sample \(index) has no plain file name")
            }
            var personName: String?
            switch dictionary["person_name"] {
            case nil, .none?:
                break
            case .string(let person)? where FacesetFolder.isPlainFileName(person):
                personName = person
            default:
                throw failure("sample \(index) has an invalid person name")
            }
            let available = UInt64(fileSize - dataStart)
            let isLast = index == configs.count - 1
            // DFL writes the last offset as the file's absolute end; a shorter file was cut.
            let end = isLast ? (offsets[index + 1] >= UInt64(dataStart) ? offsets[index + 1] - UInt64(dataStart) : available)
                             : offsets[index + 1]
            guard offsets[index] <= end, offsets[index] <= available else {
                throw failure("sample \(index) has offsets outside the file")
            }
            guard end <= available else { throw failure("the file ends early (sample \(index) is cut short)") }
            let start = dataStart + Int(offsets[index])
            samples.append(Sample(config: dictionary, filename: filename, personName: personName,
                                  byteRange: start..<(dataStart + Int(end))))
        }
        return samples
    }

    /// What `unpack` did.
    public struct UnpackResult: Sendable {
        /// The files written, in pack order.
        public var written: [URL]
        /// How many of them replaced a file that was already there (DFL overwrites them too).
        public var replaced: Int
    }

    /// Restores the files of `folder/faceset.pak` (into person subfolders where the samples name
    /// one) and, as DFL does, deletes the pack when `removePack` is true. As in DFL, a face file
    /// already in the folder is overwritten by the packed one; the result counts them. Each file
    /// is written atomically, and the pack is deleted only after every file read back equal.
    @discardableResult
    public static func unpack(folder: URL, removePack: Bool = true) throws(FacesetError) -> UnpackResult {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let samples = try read(folder: folder)
        let packURL = folder.appendingPathComponent(fileName)
        guard let input = FileHandle(forReadingAtPath: packURL.path) else {
            throw FacesetError(file: packURL.path, reason: "cannot be opened; check its permissions")
        }
        defer { try? input.close() }
        var written: [URL] = []
        var replaced = 0
        var faces: [(person: String?, name: String, bytes: [UInt8])] = []
        for sample in samples {
            var target = folder
            if let person = sample.personName { target.appendPathComponent(person) }
            target.appendPathComponent(sample.filename)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try input.seek(toOffset: UInt64(sample.byteRange.lowerBound))
                let data = try input.read(upToCount: sample.byteRange.count) ?? Data()
                guard data.count == sample.byteRange.count else {
                    throw FacesetError(file: packURL.path, reason: "ends early; restore it from a copy")
                }
                if PathKind.of(target) != .missing { replaced += 1 }
                try AtomicFile.write(data, to: target)
                faces.append((sample.personName, sample.filename, [UInt8](data)))
            } catch let error as FacesetError {
                throw error
            } catch {
                throw FacesetError(file: target.path, reason: "cannot be unpacked (\(FileError.reason(error))); check free space and permissions")
            }
            written.append(target)
        }
        if removePack {
            for (face, url) in zip(faces, written) {
                guard (try? Data(contentsOf: url))?.elementsEqual(face.bytes) == true else {
                    throw FacesetError(file: url.path, reason: "does not read back as unpacked; faceset.pak was kept, check the disk and unpack again")
                }
            }
            do {
                try FileManager.default.removeItem(at: packURL)
            } catch {
                throw FacesetError(file: packURL.path, reason: "cannot be removed (\(FileError.reason(error))); delete it by hand")
            }
        }
        return UnpackResult(written: written, replaced: replaced)
    }

    private static func readFile(_ url: URL) throws(FacesetError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be read (\(FileError.reason(error))); check its permissions")
        }
    }

    private static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }
}
