import Imaging

/// A rectangle of a frame's pixels: the part a face can change. The merger crops the frame to it
/// and warps into it, so the work per face follows the face's size, not the frame's.
public struct PixelRegion: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    /// The whole of a `width`×`height` image.
    public static func whole(width: Int, height: Int) -> PixelRegion {
        PixelRegion(x: 0, y: 0, width: width, height: height)
    }

    /// The pixels of a `width`×`height` frame that a `size`² face square reaches through
    /// `frameToFace` (a frame→face matrix), widened by `margin` pixels for the interpolation's
    /// reach and kept inside the frame; nil when the square misses the frame.
    public static func covering(square size: Int, frameToFace: AffineMatrix, margin: Int, frameWidth: Int, frameHeight: Int) -> PixelRegion? {
        let faceToFrame = frameToFace.inverted()
        let corners = [SIMD2<Double>(0, 0), SIMD2(Double(size), 0), SIMD2(0, Double(size)), SIMD2(Double(size), Double(size))]
            .map { faceToFrame.apply(to: $0) }
        let xs = corners.map(\.x), ys = corners.map(\.y)
        guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max(),
              minX.isFinite, maxX.isFinite, minY.isFinite, maxY.isFinite else { return nil }
        let left = max(0, Int(min(max(minX.rounded(.down), -1e9), 1e9)) - margin)
        let top = max(0, Int(min(max(minY.rounded(.down), -1e9), 1e9)) - margin)
        let right = min(frameWidth, Int(min(max(maxX.rounded(.up), -1e9), 1e9)) + margin + 1)
        let bottom = min(frameHeight, Int(min(max(maxY.rounded(.up), -1e9), 1e9)) + margin + 1)
        guard right > left, bottom > top else { return nil }
        return PixelRegion(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The smallest region holding both.
    public func union(_ other: PixelRegion) -> PixelRegion {
        let left = min(x, other.x), top = min(y, other.y)
        return PixelRegion(x: left, y: top, width: max(x + width, other.x + other.width) - left,
                           height: max(y + height, other.y + other.height) - top)
    }

    /// `frameToFace` for images cropped to this region: frame point p is region point p − origin.
    public func fromRegion(_ frameToFace: AffineMatrix) -> AffineMatrix {
        var matrix = frameToFace
        matrix.m02 += frameToFace.m00 * Double(x) + frameToFace.m01 * Double(y)
        matrix.m12 += frameToFace.m10 * Double(x) + frameToFace.m11 * Double(y)
        return matrix
    }

    /// This region of `image`.
    public func crop(_ image: Image) -> Image {
        x == 0 && y == 0 && width == image.width && height == image.height
            ? image : image.cropped(x: x, y: y, width: width, height: height)
    }
}
