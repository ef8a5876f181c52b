import Foundation
import Imaging

extension FacesetMetadataBackup {
    /// DFL's restore resize: the JPEG decoded as it is stored (`IMREAD_UNCHANGED`), scaled with
    /// Lanczos4 and encoded at JPEG quality 100.
    public static let lanczosResizer: JPEGResizer = { jpeg, width, height in
        let image = try Image(encoded: Data(jpeg), mode: .unchanged)
        let resized = image.resized(width: width, height: height, interpolation: .lanczos4)
        return [UInt8](try resized.encoded(as: .jpeg(quality: 100)))
    }
}
