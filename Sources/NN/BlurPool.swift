import Tensors

/// DFL leras `BlurPool` (`core/leras/layers/BlurPool.py`): anti-aliased downsampling. Each channel
/// is filtered on its own with a fixed binomial kernel — the outer product of the row of binomial
/// coefficients ([1, 1], [1, 2, 1], [1, 3, 3, 1], …) normalised to sum 1 — after DFL's asymmetric
/// zero pad of ⌊(size − 1)/2⌋ before and ⌈(size − 1)/2⌉ after, keeping every `stride`-th pixel
/// (H → ⌈H / stride⌉ for any size). The kernel is a constant, not a weight: DFL saves nothing for it.
public final class BlurPool: Module, @unchecked Sendable {
    /// Taps per side (DFL's `filt_size`).
    public let size: Int
    public let stride: Int
    /// The normalised kernel (1, 1, size, size), float32 on the CPU.
    private let kernel: Tensor

    public init(size: Int, stride: Int = 2) {
        precondition(size >= 1 && stride >= 1, "BlurPool: size \(size) and stride \(stride) must be positive")
        var row: [Double] = [1]
        for _ in 1..<size { row = zip(row + [0], [0] + row).map(+) }
        let total = row.reduce(0, +)
        self.size = size
        self.stride = stride
        kernel = Tensor(row.flatMap { a in row.map { b in Float(a * b / (total * total)) } }, shape: [1, 1, size, size])
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let channels = x.shape[1]
        let before = (size - 1) / 2, after = size / 2
        let weight = kernel.to(x.dtype, device: x.device).expanded([channels, 1, size, size])
        return x.padded(left: before, right: after, top: before, bottom: after)
            .conv2d(weight, stride: stride, padding: .valid, groups: channels)
    }
}
