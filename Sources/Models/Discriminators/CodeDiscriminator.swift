import NN
import Tensors

/// DFL's `CodeDiscriminator` (leras `models/CodeDiscriminator.py`), the critic of SAEHD's
/// `true_face_power` (reference §5.5): it tells src codes from dst codes at the output of
/// `inter`. `1 + codeResolution/8` convolutions, stride 2, the first 4×4 and the rest 3×3, with
/// `256·min(2^i, 8)` channels and leaky ReLU 0.1, then a 1×1 `out_conv` to one logit per cell.
/// Stored as `<name>_SAEHD_code_discriminator.npy` (model name `dis`).
public final class CodeDiscriminator: Module, @unchecked Sendable {
    public let convs: [Conv2D]
    public let out_conv: Conv2D

    /// A critic of codes with `inChannels` channels (SAEHD: `ae_dims`) at `codeResolution` pixels.
    public init(inChannels: Int, codeResolution: Int, channels: Int = 256, generator: Generator? = nil) {
        var layers: [Conv2D] = []
        var last = inChannels
        for i in 0..<(1 + codeResolution / 8) {
            let out = channels * min(1 << i, 8)
            layers.append(Conv2D(last, out, kernel: i == 0 ? 4 : 3, stride: 2, generator: generator))
            last = out
        }
        convs = layers
        out_conv = Conv2D(last, 1, kernel: 1, generator: generator)
    }

    /// Logits (N, 1, h, w) for codes (N, C, r, r).
    public func callAsFunction(_ code: Tensor) -> Tensor {
        out_conv(convs.reduce(code) { $1($0).leakyRelu(0.1) })
    }
}
