import Foundation

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
        public var skipped: [FaceSetError]
    }

    /// Packs the aligned faces of `folder` into `folder/faceset.pak`, replacing an existing pack.
    ///
    /// As DFL: when `personFolders` is true and `folder` has subfolders, the faces of each
    /// subfolder are packed with the subfolder as `person_name` and top-level images are left
    /// out; otherwise the top-level images are packed. Only `.jpg` files with DFL metadata are
    /// packed, in Python's sort order, their bytes unchanged. With `removeOriginals` the packed
    /// files are deleted afterwards (and person subfolders that end up empty); DFL also deletes
    /// the images it skipped and whole subfolders, which Masque does not.
    @discardableResult
    public static func pack(folder: URL, personFolders: Bool = true, removeOriginals: Bool = false) throws(FaceSetError) -> PackResult {
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
        var packed: [(url: URL, person: String?, size: Int, config: PickleDictionary)] = []
        var skipped: [FaceSetError] = []
        for candidate in candidates {
            let name = candidate.url.lastPathComponent
            guard FacesetFolder.isAlignedFaceName(name) else {
                skipped.append(FaceSetError(file: candidate.url.path, reason: "not a .jpg file, DFL does not pack it"))
                continue
            }
            do throws(FaceSetError) {
                let bytes = try readFile(candidate.url)
                let image = try AlignedFaceImage(bytes: bytes, sourceName: candidate.url.path)
                guard image.hasMetadata else {
                    skipped.append(FaceSetError(file: candidate.url.path, reason: "has no DFL metadata"))
                    continue
                }
                let config = try FacesetSampleConfig.make(for: image, filename: name, personName: candidate.person)
                configs.append(.dict(config))
                packed.append((candidate.url, candidate.person, bytes.count, config))
            } catch {
                skipped.append(error)
            }
        }

        let packURL = folder.appendingPathComponent(fileName)
        let table: [UInt8]
        do throws(PickleError) {
            table = try PickleWriter(protocolVersion: .four).write(.list(configs))
        } catch {
            throw FaceSetError(file: packURL.path, reason: "sample table cannot be pickled: \(error.reason)")
        }
        var header = littleEndian(version) + littleEndian(UInt64(table.count)) + table
        let dataStart = header.count + 8 * (packed.count + 1)
        var offsets: [Int] = []
        var position = 0
        for face in packed {
            offsets.append(position)
            position += face.size
        }
        offsets.append(dataStart + position)
        header += offsets.flatMap { littleEndian(UInt64($0)) }

        let temporary = folder.appendingPathComponent(".\(fileName).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(header)),
              let output = FileHandle(forWritingAtPath: temporary.path) else {
            throw FaceSetError(file: temporary.path, reason: "cannot be created")
        }
        var samples: [Sample] = []
        do {
            defer { try? output.close() }
            try output.seekToEnd()
            for (index, face) in packed.enumerated() {
                let bytes = try readFile(face.url)
                guard bytes.count == face.size else {
                    throw FaceSetError(file: face.url.path, reason: "changed while it was being packed")
                }
                try output.write(contentsOf: Data(bytes))
                let start = dataStart + offsets[index]
                samples.append(Sample(config: face.config, filename: face.url.lastPathComponent,
                                      personName: face.person, byteRange: start..<(start + face.size)))
            }
            try output.synchronize()
        } catch let error as FaceSetError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FaceSetError(file: temporary.path, reason: "cannot be written (\(error.localizedDescription))")
        }
        guard rename(temporary.path, packURL.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw FaceSetError(file: packURL.path, reason: "cannot be written (rename failed)")
        }

        if removeOriginals {
            for face in packed { try? FileManager.default.removeItem(at: face.url) }
            for person in Set(packed.compactMap(\.person)) {
                let subfolder = folder.appendingPathComponent(person)
                if (try? FileManager.default.contentsOfDirectory(atPath: subfolder.path))?.isEmpty == true {
                    try? FileManager.default.removeItem(at: subfolder)
                }
            }
        }
        return PackResult(pack: packURL, samples: samples, skipped: skipped)
    }

    /// The faces in `folder/faceset.pak`, read without running anything in the table.
    public static func read(folder: URL) throws(FaceSetError) -> [Sample] {
        let packURL = folder.appendingPathComponent(fileName)
        let name = packURL.path
        guard let input = FileHandle(forReadingAtPath: name) else {
            throw FaceSetError(file: name, reason: "cannot be opened")
        }
        defer { try? input.close() }
        func failure(_ reason: String) -> FaceSetError { FaceSetError(file: name, reason: "not a valid faceset.pak: \(reason)") }
        func readExactly(_ count: Int) throws(FaceSetError) -> [UInt8] {
            let data: Data?
            do {
                data = try input.read(upToCount: count)
            } catch {
                throw FaceSetError(file: name, reason: "cannot be read (\(error.localizedDescription))")
            }
            guard let data, data.count == count else { throw failure("the file ends early") }
            return [UInt8](data)
        }
        let fileSize: Int
        do {
            fileSize = Int(try input.seekToEnd())
            try input.seek(toOffset: 0)
        } catch {
            throw FaceSetError(file: name, reason: "cannot be read (\(error.localizedDescription))")
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
            throw FaceSetError(error)
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
            guard offsets[index] <= offsets[index + 1], offsets[index] <= available else {
                throw failure("sample \(index) has offsets outside the file")
            }
            let start = dataStart + Int(offsets[index])
            let end = min(UInt64(dataStart) + min(offsets[index + 1], available), UInt64(fileSize))
            samples.append(Sample(config: dictionary, filename: filename, personName: personName,
                                  byteRange: start..<Int(end)))
        }
        return samples
    }

    /// Restores the files of `folder/faceset.pak` (into person subfolders where the samples name
    /// one) and, as DFL does, deletes the pack when `removePack` is true. Returns the files written.
    @discardableResult
    public static func unpack(folder: URL, removePack: Bool = true) throws(FaceSetError) -> [URL] {
        let samples = try read(folder: folder)
        let packURL = folder.appendingPathComponent(fileName)
        guard let input = FileHandle(forReadingAtPath: packURL.path) else {
            throw FaceSetError(file: packURL.path, reason: "cannot be opened")
        }
        defer { try? input.close() }
        var written: [URL] = []
        for sample in samples {
            var target = folder
            if let person = sample.personName { target.appendPathComponent(person) }
            target.appendPathComponent(sample.filename)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try input.seek(toOffset: UInt64(sample.byteRange.lowerBound))
                let data = try input.read(upToCount: sample.byteRange.count) ?? Data()
                try data.write(to: target, options: .atomic)
            } catch {
                throw FaceSetError(file: target.path, reason: "cannot be unpacked (\(error.localizedDescription))")
            }
            written.append(target)
        }
        if removePack {
            do {
                try FileManager.default.removeItem(at: packURL)
            } catch {
                throw FaceSetError(file: packURL.path, reason: "cannot be removed (\(error.localizedDescription))")
            }
        }
        return written
    }

    private static func readFile(_ url: URL) throws(FaceSetError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw FaceSetError(file: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    private static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }
}
