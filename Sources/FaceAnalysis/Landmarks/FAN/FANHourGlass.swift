import NN
import Tensors

/// FAN's `HourGlass(depth)` on 256 channels (reference §2.3): `b1` on the input, plus — at
/// half resolution (2×2 average pooling) — `b2`, then `b2_plus` (an hourglass one level
/// shallower, or a ConvBlock at depth 1), then `b3`, upsampled ×2 (nearest neighbour).
final class FANHourGlass: Module, FANBlock, @unchecked Sendable {
    let b1: FANConvBlock
    let b2: FANConvBlock
    let b2_plus: any FANBlock
    let b3: FANConvBlock

    init(depth: Int) {
        b1 = FANConvBlock(256, 256)
        b2 = FANConvBlock(256, 256)
        b2_plus = depth > 1 ? FANHourGlass(depth: depth - 1) : FANConvBlock(256, 256)
        b3 = FANConvBlock(256, 256)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let up = b1(x)
        let low = b3(b2_plus(b2(x.avgPool2d(2))))
        let height = low.shape[2] * 2, width = low.shape[3] * 2
        return up + low.resized(height: height, width: width, mode: .nearest)
    }
}
