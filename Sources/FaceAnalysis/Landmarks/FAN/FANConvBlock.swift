import NN
import Tensors

/// FAN's residual `ConvBlock(in, out)` (reference §2.3): three BN → ReLU → 3×3 conv steps
/// giving out/2, out/4 and out/4 channels, concatenated; plus the input, through
/// BN → ReLU → 1×1 conv when the channel count changes.
final class FANConvBlock: Module, FANBlock, @unchecked Sendable {
    let bn1: BatchNorm2D
    let conv1: Conv2D
    let bn2: BatchNorm2D
    let conv2: Conv2D
    let bn3: BatchNorm2D
    let conv3: Conv2D
    let down_bn1: BatchNorm2D?
    let down_conv1: Conv2D?

    init(_ input: Int, _ output: Int) {
        bn1 = BatchNorm2D(input)
        conv1 = Conv2D(input, output / 2, kernel: 3, bias: false, initializer: .zeros)
        bn2 = BatchNorm2D(output / 2)
        conv2 = Conv2D(output / 2, output / 4, kernel: 3, bias: false, initializer: .zeros)
        bn3 = BatchNorm2D(output / 4)
        conv3 = Conv2D(output / 4, output / 4, kernel: 3, bias: false, initializer: .zeros)
        if input != output {
            down_bn1 = BatchNorm2D(input)
            down_conv1 = Conv2D(input, output, kernel: 1, padding: .valid, bias: false, initializer: .zeros)
        } else {
            down_bn1 = nil
            down_conv1 = nil
        }
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let out1 = conv1(bn1(x).relu())
        let out2 = conv2(bn2(out1).relu())
        let out3 = conv3(bn3(out2).relu())
        let residual = Tensor.cat([out1, out2, out3], dim: 1)
        guard let down_bn1, let down_conv1 else { return residual + x }
        return residual + down_conv1(down_bn1(x).relu())
    }
}
