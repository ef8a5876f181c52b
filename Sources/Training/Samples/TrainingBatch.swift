import Foundation
import Imaging
import Support
import Tensors

/// One batch of a sample stream (SAEHD's src or dst side, XSeg's labelled faces), NCHW float32
/// in 0…1, as DFL's generators yield it. What a stream's processor does not make is nil.
public struct TrainingBatch: @unchecked Sendable {
    /// The faces as the network takes them, (N, 3, R, R): randomly warped for SAEHD, augmented
    /// for XSeg, as stored for a preview stream.
    public var warped: Tensor
    /// What the output should be: SAEHD's unwarped faces (N, 3, R, R); XSeg's grey pretraining
    /// target (N, 1, R, R).
    public var target: Tensor?
    /// The face masks, (N, 1, R, R): SAEHD's applied XSeg or hull mask, XSeg's label.
    public var mask: Tensor?
    /// The eyes-and-mouth masks, (N, 1, R, R) (SAEHD).
    public var eyesMouthMask: Tensor?

    /// A batch of these tensors.
    public init(warped: Tensor, target: Tensor? = nil, mask: Tensor? = nil, eyesMouthMask: Tensor? = nil) {
        self.warped = warped
        self.target = target
        self.mask = mask
        self.eyesMouthMask = eyesMouthMask
    }

    /// A batch of `count` grey faces with full masks at `resolution` (for measuring, not training).
    public static func blank(count: Int, resolution: Int) -> TrainingBatch {
        let face = Tensor.full([count, 3, resolution, resolution], 0.5), mask = Tensor.full([count, 1, resolution, resolution], 1)
        return TrainingBatch(warped: face, target: face, mask: mask, eyesMouthMask: mask)
    }

    /// `images` (equal-sized) stacked into one (N, C, H, W) tensor.
    public static func stack(_ images: [Image]) throws -> Tensor {
        Tensor.cat(try images.map { try $0.tensor() }, dim: 0)
    }

    /// The batch of SAEHD's `outputs`, stacked.
    public init(_ outputs: [SampleProcessor.Output]) throws {
        let stack = Self.stack
        warped = try stack(outputs.map(\.warped))
        target = try stack(outputs.map(\.target))
        mask = try stack(outputs.map(\.mask))
        eyesMouthMask = try stack(outputs.map(\.eyesMouthMask))
    }
}
