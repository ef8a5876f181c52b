/// How drawing rasterises lines and edges (OpenCV's `LINE_*`).
public enum LineType: Int32, Sendable, CaseIterable {
    /// 4-connected steps (`LINE_4`).
    case connected4 = 4
    /// 8-connected steps (`LINE_8`), OpenCV's default.
    case connected8 = 8
    /// Anti-aliased edges (`LINE_AA`), what DFL's debug images use.
    case antialiased = 16
}
