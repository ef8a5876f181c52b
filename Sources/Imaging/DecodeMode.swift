/// Which channels decoding produces (OpenCV's `IMREAD_*`).
public enum DecodeMode: Sendable, Hashable, CaseIterable {
    /// As stored: 1 (gray), 3 (BGR) or 4 (BGRA) channels, EXIF orientation ignored
    /// (`IMREAD_UNCHANGED`, what DFL's `cv2_imread` uses). 16-bit PNGs become `float32` 0…1.
    case unchanged
    /// Always 3-channel `uint8` BGR (`IMREAD_COLOR`).
    case color
    /// Always 1-channel `uint8` luma (`IMREAD_GRAYSCALE`).
    case grayscale

    var cvFlags: Int32 {
        switch self {
        case .unchanged: -1
        case .color: 1
        case .grayscale: 0
        }
    }
}
