import Foundation
import Imaging

extension SortableFace {
    /// The image as 3-channel `uint8` BGR: decoded as stored (`cv2_imread`, EXIF orientation
    /// ignored), gray and BGRA converted. Throws `SortError.unreadableImage` naming the file.
    func loadBGR() throws(SortError) -> Image {
        let image: Image
        do {
            image = try Image(contentsOf: url)
        } catch {
            throw .unreadableImage(path: url.path, reason: error.description)
        }
        guard image.format == .uint8 else {
            throw .unreadableImage(path: url.path, reason: "16-bit pixels; aligned faces are 8-bit")
        }
        switch image.channels {
        case 1: return image.converted(.grayToBgr)
        case 4: return image.converted(.bgraToBgr)
        default: return image
        }
    }

    /// The 68 landmarks of a DFL face; nil for a plain image. Throws when the metadata holds
    /// another count or non-finite values.
    func validLandmarks() throws(SortError) -> [SIMD2<Double>]? {
        guard let landmarks = metadata?.landmarks else { return nil }
        guard landmarks.count == 68, landmarks.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw .badLandmarks(path: url.path, count: landmarks.count)
        }
        return landmarks
    }

    /// The aligned image's width: from the metadata when it states it, else decoded.
    func alignedWidth() throws(SortError) -> Int {
        if let width = metadata?.imageWidth { return width }
        return try loadBGR().width
    }
}
