import DFLFormats
import Foundation
import Imaging
import Support

/// An aligned face JPEG as DFL writes it (`DFLIMG/DFLJPG.py`): the JPEG's segments and the
/// metadata dict pickled into its APP15 segment.
public struct AlignedFaceImage: Sendable {
    /// The largest payload a JPEG segment can carry; DFL has no such check and fails inside
    /// `struct.pack` when its metadata grows past it.
    public static let maximumMetadataSize = 65_533

    /// The name used in error messages (normally the file path).
    public var sourceName: String
    /// The image's segments as read (including any APP15).
    public var jpeg: JPEGFile
    /// DFL's `dfl_dict`; empty when the file carries none (DFL: "not a DFL image").
    public var metadata: PickleDictionary

    /// An image from parsed segments and a metadata dict (nothing is read from the segments).
    public init(jpeg: JPEGFile, metadata: PickleDictionary, sourceName: String) {
        self.jpeg = jpeg
        self.metadata = metadata
        self.sourceName = sourceName
    }

    /// A new aligned face: `image` encoded once as a JPEG of `quality` (1–100), carrying `face`'s
    /// metadata; nothing is parsed back. `write(to:)` then stores it in one atomic write.
    public init(image: Image, quality: Int, face: AlignedFace, sourceName: String) throws(FacesetError) {
        let bytes: Data
        do {
            bytes = try image.encoded(as: .jpeg(quality: quality))
        } catch {
            throw FacesetError(file: sourceName, reason: "cannot be encoded as JPEG (\(error))")
        }
        self.init(jpeg: try JPEGFile(bytes: [UInt8](bytes), sourceName: sourceName), metadata: face.metadata, sourceName: sourceName)
    }

    /// Parses a JPEG and the pickle in its APP15 segment without running anything. As in DFL, only
    /// APP15 segments before the first scan count, and the last non-empty one wins.
    public init(bytes: [UInt8], sourceName: String) throws(FacesetError) {
        self.sourceName = sourceName
        jpeg = try JPEGFile(bytes: bytes, sourceName: sourceName)
        metadata = PickleDictionary()
        let header = jpeg.segments[..<jpeg.headerSegmentCount]
        guard let segment = header.last(where: { $0.marker == JPEGSegment.app15 && !($0.payload ?? []).isEmpty }),
              let payload = segment.payload else { return }
        let value: PickleValue
        do throws(PickleError) {
            value = try PickleReader(sourceName: sourceName).read(payload)
        } catch {
            throw FacesetError(error)
        }
        guard case .dict(let dictionary) = value else {
            throw FacesetError(file: sourceName, reason: "APP15 metadata is not a dict")
        }
        metadata = dictionary
    }

    /// Reads the aligned face JPEG at `url`.
    public init(contentsOf url: URL) throws(FacesetError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(bytes: [UInt8](data), sourceName: url.path)
    }

    /// Whether the file carries DFL metadata (DFL's `has_data`).
    public var hasMetadata: Bool { !metadata.isEmpty }

    /// The typed view of the metadata.
    public func face() throws(FacesetError) -> AlignedFace {
        guard hasMetadata else { throw FacesetError(file: sourceName, reason: "has no DFL metadata (not an aligned face)") }
        return try AlignedFace(metadata: metadata, sourceName: sourceName)
    }

    /// Replaces the metadata with `face`'s.
    public mutating func setFace(_ face: AlignedFace) {
        metadata = face.metadata
    }

    /// The file's bytes with the metadata written as DFL's `dump` does: keys whose value is None
    /// dropped, the first APP15 removed, the new APP15 inserted after the last APPn segment (or
    /// after SOI), every other byte unchanged. Fails when the pickle exceeds 65,533 bytes.
    public func encoded(protocolVersion: PickleWriter.ProtocolVersion = .three) throws(FacesetError) -> [UInt8] {
        var stored = PickleDictionary()
        for entry in metadata where entry.value != .none { stored[entry.key] = entry.value }
        let payload: [UInt8]
        do throws(PickleError) {
            payload = try PickleWriter(protocolVersion: protocolVersion).write(.dict(stored))
        } catch {
            throw FacesetError(file: sourceName, reason: "metadata cannot be pickled: \(error.reason)")
        }
        guard payload.count <= Self.maximumMetadataSize else {
            throw FacesetError(
                file: sourceName,
                reason: "metadata is \(payload.count) bytes, more than the \(Self.maximumMetadataSize) a JPEG segment holds (fewer polygon points or a smaller XSeg mask would fit)")
        }
        var segments = jpeg.segments
        var headerCount = jpeg.headerSegmentCount
        if let existing = segments[..<headerCount].firstIndex(where: { $0.marker == JPEGSegment.app15 }) {
            segments.remove(at: existing)
            headerCount -= 1
        }
        let lastApplicationSegment = segments[..<headerCount].lastIndex(where: \.isApplicationSegment) ?? 0
        segments.insert(JPEGSegment(marker: JPEGSegment.app15, payload: payload), at: lastApplicationSegment + 1)
        return JPEGFile(segments: segments, trailer: jpeg.trailer).encoded
    }

    /// Writes `encoded()` to `url` atomically (a temporary file renamed into place).
    public func write(to url: URL, protocolVersion: PickleWriter.ProtocolVersion = .three) throws(FacesetError) {
        let bytes = try encoded(protocolVersion: protocolVersion)
        do {
            try AtomicFile.write(Data(bytes), to: url)
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be written (\(FileError.reason(error))); check free space and permissions")
        }
    }
}
