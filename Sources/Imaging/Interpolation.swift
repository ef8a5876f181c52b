/// How resizes and warps sample between pixels (OpenCV's `INTER_*`, as DFL passes them).
public enum Interpolation: Int32, Sendable, CaseIterable {
    /// The nearest source pixel (`INTER_NEAREST`).
    case nearest = 0
    /// Bilinear (`INTER_LINEAR`), OpenCV's and DFL's default.
    case linear = 1
    /// Bicubic over 4x4 pixels (`INTER_CUBIC`).
    case cubic = 2
    /// Pixel-area averaging (`INTER_AREA`), best for shrinking; warps treat it as linear.
    case area = 3
    /// Lanczos over 8x8 pixels (`INTER_LANCZOS4`).
    case lanczos4 = 4
}
