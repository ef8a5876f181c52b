/// The detector's box of a face in its source frame (`source_rect`), in frame pixels. DFL keeps
/// it un-normalised after rotated detections, so `left > right` or `top > bottom` can happen.
public struct SourceRect: Hashable, Sendable {
    public var left: Int
    public var top: Int
    public var right: Int
    public var bottom: Int

    public init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }
}
