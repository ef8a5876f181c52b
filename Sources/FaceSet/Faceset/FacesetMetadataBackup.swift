import DFLFormats
import Foundation
import Support

/// DFL's metadata backup `meta.dat` (`mainscripts/Util.py`, reference §1.7): the metadata of
/// every aligned face of a folder, kept aside while the images are edited in other tools and
/// written back afterwards. The file is a protocol 3 pickle of
/// `{file_name: ((height, width, 3), dfl_dict)}`.
public enum FacesetMetadataBackup {
    /// The backup's name inside its folder.
    public static let fileName = "meta.dat"

    /// Re-encodes a JPEG at another size, as DFL's restore does for an image whose size changed
    /// (LANCZOS4 resize, JPEG quality 100): `(jpeg, width, height) -> jpeg`.
    public typealias JPEGResizer = @Sendable (_ jpeg: [UInt8], _ width: Int, _ height: Int) throws -> [UInt8]

    /// One saved entry.
    public struct Entry: Sendable {
        public var filename: String
        /// The image shape when saved, `(height, width, 3)`.
        public var shape: [Int]
        public var metadata: PickleDictionary
    }

    /// Writes `folder/meta.dat` for every aligned face of `folder` (files without DFL metadata
    /// are left out; folders holding a faceset.pak must be unpacked first). A `.jpg` that cannot
    /// be parsed is an error naming it, where DFL would leave it out of the backup silently.
    /// An existing meta.dat is replaced by one holding fewer faces (faces edited in a tool that
    /// dropped their metadata) only with `consent`. Returns the file names saved.
    @discardableResult
    public static func save(folder: URL, consent: ReplaceConsent = ReplaceConsent(force: false)) throws(FacesetError) -> [String] {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let pack = folder.appendingPathComponent(FacesetPack.fileName)
        guard !FileManager.default.fileExists(atPath: pack.path) else {
            throw FacesetError(file: folder.path, reason: "holds a packed faceset; unpack it before saving metadata")
        }
        var saved = PickleDictionary()
        var names: [String] = []
        for url in try FacesetFolder.imageFiles(in: folder) where FacesetFolder.isAlignedFaceName(url.lastPathComponent) {
            let image = try AlignedFaceImage(contentsOf: url)
            guard image.hasMetadata, let shape = FacesetSampleConfig.dflShape(of: image.jpeg) else { continue }
            let name = url.lastPathComponent
            saved[name] = .tuple([.tuple(shape.map { .int($0) }), .dict(image.metadata)])
            names.append(name)
        }
        let backup = folder.appendingPathComponent(fileName)
        if PathKind.of(backup) != .missing {
            do throws(FacesetError) {
                let existing = try read(folder: folder).count
                if names.count < existing {
                    try FacesetFolder.confirm(consent, backup, "holds the metadata of \(existing) faces and would be replaced by that of \(names.count)")
                }
            } catch let error where error.reason.contains("--force") {
                throw error
            } catch {
                try FacesetFolder.confirm(consent, backup, "cannot be read (\(error.reason)) and would be replaced")
            }
        }
        let bytes: [UInt8]
        do throws(PickleError) {
            bytes = try PickleWriter(protocolVersion: .three).write(.dict(saved))
        } catch {
            throw FacesetError(file: backup.path, reason: "metadata cannot be pickled: \(error.reason)")
        }
        try write(bytes, to: backup)
        return names
    }

    /// The entries of `folder/meta.dat`, read without running anything.
    public static func read(folder: URL) throws(FacesetError) -> [Entry] {
        let backup = folder.appendingPathComponent(fileName)
        let data: Data
        do {
            data = try Data(contentsOf: backup)
        } catch {
            throw FacesetError(file: backup.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        let value: PickleValue
        do throws(PickleError) {
            value = try PickleReader(sourceName: backup.path).read(data)
        } catch {
            throw FacesetError(error)
        }
        guard case .dict(let dictionary) = value else {
            throw FacesetError(file: backup.path, reason: "is not a metadata backup (not a dict)")
        }
        var entries: [Entry] = []
        for entry in dictionary {
            guard case .string(let name) = entry.key, let pair = entry.value.sequenceElements, pair.count == 2,
                  let shapeValues = pair[0].sequenceElements, case .dict(let metadata) = pair[1] else {
                throw FacesetError(file: backup.path, reason: "is not a metadata backup (unexpected entry)")
            }
            let shape = shapeValues.compactMap(\.intValue)
            guard shape.count == shapeValues.count else {
                throw FacesetError(file: backup.path, reason: "entry \(name) has an invalid shape")
            }
            entries.append(Entry(filename: name, shape: shape, metadata: metadata))
        }
        return entries
    }

    /// Writes the saved metadata back into every `.jpg` of `folder` that has an entry, then, as
    /// DFL does, deletes `meta.dat` when `removeBackup` is true. An image whose size no longer
    /// matches is first brought back to the saved size with `resizer` (DFL's Lanczos4, JPEG
    /// quality 100 by default). Every image is read and resized before the first is written.
    /// The image's current APP15 is never unpickled. Returns the file names restored.
    /// The largest side a restore resizes an image back to; a bigger saved shape is damage.
    public static let largestRestoredSide = 16_384

    @discardableResult
    public static func restore(folder: URL, resizer: JPEGResizer = lanczosResizer, removeBackup: Bool = true) throws(FacesetError) -> [String] {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let entries = try read(folder: folder)
        let saved = Dictionary(entries.map { ($0.filename, $0) }, uniquingKeysWith: { _, last in last })
        var plans: [(url: URL, jpeg: JPEGFile, entry: Entry)] = []
        for url in try FacesetFolder.imageFiles(in: folder) where url.lastPathComponent.hasSuffix(".jpg") {
            guard let entry = saved[url.lastPathComponent] else { continue }
            var bytes = try readFile(url)
            var jpeg = try JPEGFile(bytes: bytes, sourceName: url.path)
            if FacesetSampleConfig.dflShape(of: jpeg) != entry.shape {
                guard entry.shape.count >= 2, (1...largestRestoredSide).contains(entry.shape[0]),
                      (1...largestRestoredSide).contains(entry.shape[1]) else {
                    throw FacesetError(file: url.path, reason: "its saved shape \(entry.shape) in \(fileName) is not an image size "
                                       + "(1 to \(largestRestoredSide) pixels a side); the backup is damaged: delete \(fileName) or save it again")
                }
                do {
                    bytes = try resizer(bytes, entry.shape[1], entry.shape[0])
                } catch {
                    throw FacesetError(file: url.path, reason: "cannot be resized back (\(error))")
                }
                jpeg = try JPEGFile(bytes: bytes, sourceName: url.path)
            }
            plans.append((url, jpeg, entry))
        }
        for plan in plans {
            let image = AlignedFaceImage(jpeg: plan.jpeg, metadata: plan.entry.metadata, sourceName: plan.url.path)
            try image.write(to: plan.url)
        }
        if removeBackup {
            let backup = folder.appendingPathComponent(fileName)
            do {
                try FileManager.default.removeItem(at: backup)
            } catch {
                throw FacesetError(file: backup.path, reason: "cannot be removed (\(error.localizedDescription))")
            }
        }
        return plans.map { $0.url.lastPathComponent }
    }

    private static func readFile(_ url: URL) throws(FacesetError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    private static func write(_ bytes: [UInt8], to url: URL) throws(FacesetError) {
        do {
            try AtomicFile.write(Data(bytes), to: url)
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be written (\(FileError.reason(error))); check free space and permissions")
        }
    }
}
