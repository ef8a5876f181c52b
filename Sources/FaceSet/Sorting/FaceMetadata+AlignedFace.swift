import Foundation

extension FaceMetadata {
    /// Sorting's view of an aligned face's metadata; `imageWidth` is the JPEG frame's width.
    public init(_ face: AlignedFace, imageWidth: Int?) {
        self.init(landmarks: face.landmarks.map(SIMD2<Double>.init),
                  sourceRect: face.sourceRect.map { SIMD4($0.left, $0.top, $0.right, $0.bottom) },
                  sourceFilename: face.sourceFilename, imageWidth: imageWidth)
    }

    /// The metadata of the image at `url` as DFL's `DFLIMG.load` sees it: nil ("not a DFL
    /// image") when the name does not end in `.jpg` (case-sensitive, as DFL compares), when
    /// the JPEG carries no DFL metadata, or when the file or its metadata cannot be read
    /// (DFL logs such files and treats them as plain images).
    public static func read(from url: URL) -> FaceMetadata? {
        guard FacesetFolder.isAlignedFaceName(url.lastPathComponent),
              let image = try? AlignedFaceImage(contentsOf: url), image.hasMetadata,
              let face = try? image.face() else { return nil }
        return FaceMetadata(face, imageWidth: image.jpeg.frameSize?.width)
    }
}
