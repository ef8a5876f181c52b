import Imaging

/// One face merged into its frame (DFL's `MergeMaskedFace` result): the frame with the face in
/// `region` and the merging mask there. Outside `region` the frame is unchanged and the mask is 0,
/// so only the region is stored.
public struct MergedFace: Sendable {
    /// The size of the result: the frame's, or the model's square in `raw-predict`.
    public var canvasWidth: Int
    public var canvasHeight: Int
    /// Where `image` and `mask` lie in the canvas.
    public var region: PixelRegion
    /// The result's pixels in `region`, float32 BGR in [0, 1].
    public var image: Image
    /// The merging mask in `region`, float32, one channel.
    public var mask: Image
    /// Whether the canvas is the predicted square alone (`raw-predict`), not the frame.
    public var replacesFrame: Bool
    /// What went wrong but was let pass, as DFL lets it (a seamless clone OpenCV refused).
    public var warning: String?
}
