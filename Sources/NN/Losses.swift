import Foundation
import Tensors

/// DFL's structural dissimilarity `DSSIM(a, b) = (1 − SSIM) / 2` per sample and channel, shape (N, C).
///
/// Inputs NCHW in [0, maxValue]. The window is a normalised f×f Gaussian centred at (f − 1)/2
/// (so even f works, as in DFL), applied per channel without padding; c1 = (k1·max)², c2 = (k2·max)²;
/// luminance `(2μaμb + c1)/(μa² + μb² + c1)`, contrast-structure
/// `(2E[ab] − 2μaμb + c2)/(E[a²] + E[b²] − μa² − μb² + c2)`; SSIM is the spatial mean of their product.
/// DFL uses `filterSize = int(resolution / 11.6)`.
public func dssim(_ a: Tensor, _ b: Tensor, maxValue: Double = 1, filterSize: Int, sigma: Double = 1.5,
                  k1: Double = 0.01, k2: Double = 0.03) -> Tensor {
    let channels = a.shape[1]
    let center = Double(filterSize - 1) / 2
    var weights: [Float] = []
    for i in 0..<filterSize {
        for j in 0..<filterSize {
            let d = (Double(i) - center) * (Double(i) - center) + (Double(j) - center) * (Double(j) - center)
            weights.append(Float(exp(-d / (2 * sigma * sigma))))
        }
    }
    let total = weights.reduce(0, +)
    let window = Tensor(weights.map { $0 / total }, shape: [1, 1, filterSize, filterSize], device: a.device)
        .to(a.dtype).expanded([4 * channels, 1, filterSize, filterSize])
    // The four windowed means in one depthwise convolution over the stacked channels.
    let filtered = Tensor.cat([a, b, a * b, a.square() + b.square()], dim: 1).conv2d(window, padding: .valid, groups: 4 * channels)
    func part(_ index: Int) -> Tensor { filtered.slice(1, index * channels, (index + 1) * channels) }

    let c1 = (k1 * maxValue) * (k1 * maxValue)
    let c2 = (k2 * maxValue) * (k2 * maxValue)
    let meanA = part(0), meanB = part(1)
    let twiceMeanProduct = meanA * meanB * 2
    let meanSquares = meanA.square() + meanB.square()
    let luminance = (twiceMeanProduct + c1) / (meanSquares + c1)
    let contrastStructure = (part(2) * 2 - twiceMeanProduct + c2) / (part(3) - meanSquares + c2)
    let ssim = (luminance * contrastStructure).mean([2, 3])
    return (1 - ssim) / 2
}

/// Mean squared error over `dims` (every dimension when empty).
public func meanSquaredError(_ a: Tensor, _ b: Tensor, dims: [Int] = []) -> Tensor { (a - b).square().mean(dims) }

/// Mean absolute error over `dims` (every dimension when empty).
public func meanAbsoluteError(_ a: Tensor, _ b: Tensor, dims: [Int] = []) -> Tensor { (a - b).abs().mean(dims) }

/// TensorFlow's `sigmoid_cross_entropy_with_logits` against a constant `label` (0 or 1), averaged
/// over every dimension but the batch: shape (N,). Computed as `max(x, 0) − x·z + log(1 + e^−|x|)`,
/// which never overflows. DFL's discriminators use it (`DLoss` in `Model_SAEHD/Model.py`).
public func sigmoidCrossEntropy(logits: Tensor, label: Double) -> Tensor {
    let perElement = logits.relu() - logits * label + ((-logits.abs()).exp() + 1).log()
    return perElement.mean(Array(1..<logits.shape.count))
}

/// TensorFlow's `sigmoid_cross_entropy_with_logits(labels, logits)` against per-element `labels`
/// (in 0…1, shaped like `logits`), averaged over every dimension but the batch: shape (N,).
/// `max(x, 0) − x·z + log(1 + e^−|x|)`, which never overflows. DFL's XSeg loss
/// (`models/Model_XSeg/Model.py`).
public func sigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
    let perElement = logits.relu() - logits * labels + ((-logits.abs()).exp() + 1).log()
    return perElement.mean(Array(1..<logits.shape.count))
}

/// DFL leras `style_loss(content, style, gaussian_blur_radius, loss_weight)` per sample (N,):
/// both optionally blurred (σ = `blurSigma`, 0 for none); per channel the spatial mean and
/// `sqrt(var + 1e-5)` (population variance); `(Σc (μc − μs)² + Σc (σc − σs)²) · weight / C`.
public func styleLoss(_ content: Tensor, _ style: Tensor, blurSigma: Double, weight: Double) -> Tensor {
    let (c, s) = blurSigma > 0 ? (gaussianBlur(content, sigma: blurSigma), gaussianBlur(style, sigma: blurSigma)) : (content, style)
    let contentMean = c.mean([2, 3]), styleMean = s.mean([2, 3])
    let contentDeviation = (c.variance([2, 3]) + 1e-5).sqrt(), styleDeviation = (s.variance([2, 3]) + 1e-5).sqrt()
    let loss = (contentMean - styleMean).square().sum([1]) + (contentDeviation - styleDeviation).square().sum([1])
    return loss * (weight / Double(content.shape[1]))
}

/// DFL leras `total_variation_mse` per sample (N,): the sum of squared differences between
/// neighbours along tensor axes 1 and 2. DFL applies it to NCHW tensors on the GPU, so those are
/// the channel and row axes, not rows and columns; Masque keeps that (it only carries a 1e-6 weight).
public func totalVariationMSE(_ x: Tensor) -> Tensor {
    let first = x.slice(1, 1, x.shape[1]) - x.slice(1, 0, x.shape[1] - 1)
    let second = x.slice(2, 1, x.shape[2]) - x.slice(2, 0, x.shape[2] - 1)
    return first.square().sum([1, 2, 3]) + second.square().sum([1, 2, 3])
}
