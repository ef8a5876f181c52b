/// What DeepFaceLive and DFL's `exportdfm` agree a `.dfm` file is (reference §9): a plain ONNX
/// model with input `in_face:0` (N, R, R, 3) float32 BGR in [0, 1], for AMP also `morph_value:0`
/// (1,), and three outputs read by position: the dst face's mask, the swapped face, its mask.
public enum DFMContract {
    /// The face input.
    public static let faceInput = "in_face:0"
    /// AMP's morph input.
    public static let morphInput = "morph_value:0"
    /// The outputs, in DFL's order.
    public static let outputs = ["out_face_mask:0", "out_celeb_face:0", "out_celeb_face_mask:0"]
    /// The opset DFL's tf2onnx export of SAEHD and AMP writes.
    public static let opset = 12
}
