import Foundation
import Tensors

/// DFL leras `gaussian_blur(x, σ)` on NCHW: kernel size `max(3, int(4σ))` made odd, 1-D weights
/// `exp(−(i − k/2)² / (2σ²))`, 2-D outer product normalised to sum 1, zero padding k/2, per channel.
public func gaussianBlur(_ x: Tensor, sigma: Double) -> Tensor {
    var size = max(3, Int(4 * sigma))
    if size % 2 == 0 { size += 1 }
    let center = Double(size / 2)
    let line = (0..<size).map { i in Foundation.exp(-(Double(i) - center) * (Double(i) - center) / (2 * sigma * sigma)) }
    let total = line.reduce(0, +)
    let weights = line.flatMap { a in line.map { b in Float(a * b / (total * total)) } }
    let channels = x.shape[1]
    let kernel = Tensor(weights, shape: [1, 1, size, size], device: x.device).to(x.dtype)
        .expanded([channels, 1, size, size])
    return x.conv2d(kernel, padding: .explicit(size / 2, size / 2), groups: channels)
}
