import Foundation

/// One image of a folder being sorted: its file and, for a DFL aligned face, the metadata
/// sorting uses. `metadata` nil means "not a DFL image" (no APP15 metadata), which most
/// methods move to the trash folder as DFL does.
public struct SortableFace: Sendable, Hashable {
    /// The image file.
    public var url: URL
    /// What DFL's metadata says about the face, or nil for a plain image.
    public var metadata: FaceMetadata?

    public init(url: URL, metadata: FaceMetadata?) {
        self.url = url
        self.metadata = metadata
    }

    /// The file name, e.g. `00012_0.jpg`.
    public var fileName: String { url.lastPathComponent }
}

/// The part of a DFL aligned face's metadata (reference §1.2) that sorting reads.
public struct FaceMetadata: Sendable, Hashable {
    /// The 68 landmarks in the aligned image's pixels (`landmarks`).
    public var landmarks: [SIMD2<Double>]
    /// The detector box in the source frame, (left, top, right, bottom) (`source_rect`).
    public var sourceRect: SIMD4<Int>?
    /// The source frame's file name (`source_filename`).
    public var sourceFilename: String?
    /// The aligned image's width as its JPEG header states; nil lets sorting decode the image
    /// when it needs the width (head pose).
    public var imageWidth: Int?

    public init(landmarks: [SIMD2<Double>], sourceRect: SIMD4<Int>? = nil, sourceFilename: String? = nil,
                imageWidth: Int? = nil) {
        self.landmarks = landmarks
        self.sourceRect = sourceRect
        self.sourceFilename = sourceFilename
        self.imageWidth = imageWidth
    }
}
