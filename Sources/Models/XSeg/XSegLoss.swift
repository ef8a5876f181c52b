import NN
import Tensors

/// XSeg's per-sample losses (`models/Model_XSeg/Model.py`, reference §4.3), shape (N,).
public enum XSegLoss {
    /// Training on labels: the mean over C, H, W of the sigmoid cross-entropy of the logits
    /// against the label mask (N, 1, R, R).
    public static func labelled(logits: Tensor, mask: Tensor) -> Tensor {
        sigmoidCrossEntropy(logits: logits, labels: mask)
    }

    /// Pretraining: the sigmoid output (N, 1, R, R; the network run with its skips zeroed) against
    /// the grey target: `5·DSSIM(k = int(R/11.6)) + 5·DSSIM(k = int(R/23.2)) + 10·MSE`.
    public static func pretraining(prediction: Tensor, target: Tensor) -> Tensor {
        let resolution = Double(prediction.shape[2])
        let large = dssim(target, prediction, filterSize: Int(resolution / 11.6)).mean([1]) * 5
        let small = dssim(target, prediction, filterSize: Int(resolution / 23.2)).mean([1]) * 5
        return large + small + (target - prediction).square().mean([1, 2, 3]) * 10
    }
}
