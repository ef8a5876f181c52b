import NN
import Tensors

/// DFL's `UNetPatchDiscriminator` (leras `models/PatchDiscriminator.py`), the critic of
/// `gan_power` (reference §5.5): an encoder of 3×3 convolutions whose receptive field is the
/// one closest to `gan_patch_size`, a 1×1 logit at its centre, and a U-Net decoder of transposed
/// convolutions back to full resolution with a second, per-pixel logit. Stored as
/// `<name>_SAEHD_GAN.npy` (model name `D_src`). Properties are declared in DFL's build order.
public final class UNetPatchDiscriminator: Module, @unchecked Sendable {
    public let convs: [Conv2D]
    /// Built deepest first, as DFL inserts them: `upconvs_0` takes the centre's channels.
    public let upconvs: [Conv2DTranspose]
    public let in_conv: Conv2D
    public let out_conv: Conv2D
    public let center_out: Conv2D
    public let center_conv: Conv2D

    /// One 3×3 encoder layer of the search: its stride.
    public typealias Strides = [Int]

    /// A critic of `inChannels`-channel images whose encoder's receptive field is closest to
    /// `patchSize` pixels, `baseChannels` wide (DFL's `gan_dims`).
    public init(patchSize: Int, inChannels: Int = 3, baseChannels: Int = 16, generator: Generator? = nil) {
        let strides = Self.strides(patchSize: patchSize)
        let levels = strides.count
        // DFL's level_chs: index −1 is the base, level i has min(base·2^(i+1), 512) channels.
        func channels(_ level: Int) -> Int { min(baseChannels << (level + 1), 512) }
        var encoder: [Conv2D] = [], decoder: [Conv2DTranspose] = []
        for (i, stride) in strides.enumerated() {
            encoder.append(Conv2D(channels(i - 1), channels(i), kernel: 3, stride: stride, generator: generator))
            decoder.insert(Conv2DTranspose(channels(i) * (i != levels - 1 ? 2 : 1), channels(i - 1), kernel: 3, stride: stride,
                                           generator: generator), at: 0)
        }
        convs = encoder
        upconvs = decoder
        in_conv = Conv2D(inChannels, channels(-1), kernel: 1, generator: generator)
        out_conv = Conv2D(channels(-1) * 2, 1, kernel: 1, generator: generator)
        center_out = Conv2D(channels(levels - 1), 1, kernel: 1, generator: generator)
        center_conv = Conv2D(channels(levels - 1), channels(levels - 1), kernel: 1, generator: generator)
    }

    /// Images (N, C, R, R) → (centre logits (N, 1, R/s, R/s), full-resolution logits (N, 1, R, R)).
    public func callAsFunction(_ image: Tensor) -> (center: Tensor, full: Tensor) {
        var x = in_conv(image).leakyRelu(0.2)
        var skips: [Tensor] = []
        for conv in convs {
            skips.insert(x, at: 0)
            x = conv(x).leakyRelu(0.2)
        }
        let center = center_out(x)
        x = center_conv(x).leakyRelu(0.2)
        for (upconv, skip) in zip(upconvs, skips) {
            x = Tensor.cat([skip, upconv(x).leakyRelu(0.2)], dim: 1)
        }
        return (center, out_conv(x))
    }

    /// DFL's `find_archi`: among stacks of 1–9 3×3 convolutions whose first has stride 2 and the
    /// others 1 or 2, the one per receptive field with the fewest layers, then the largest stride
    /// sum (the first found on a full tie); the receptive field closest to `patchSize` wins (the
    /// smaller on a tie). Returns the strides, e.g. 16 → [2, 2, 2] (field 15).
    public static func strides(patchSize: Int, maxLayers: Int = 9) -> Strides {
        var best: [Int: (layers: Int, strideSum: Int, strides: Strides)] = [:]
        for count in 1...maxLayers {
            var pattern = 1 << (count - 1)
            repeat {
                pattern -= 1
                let strides = [2] + (0..<(count - 1)).map { pattern & (1 << $0) != 0 ? 2 : 1 }
                let field = receptiveField(strides)
                let sum = strides.reduce(0, +)
                if let known = best[field], !(count < known.layers || (count == known.layers && sum > known.strideSum)) {
                    continue
                }
                best[field] = (count, sum, strides)
            } while pattern != 0
        }
        let fields = best.keys.sorted()
        let chosen = fields.min { abs($0 - patchSize) < abs($1 - patchSize) || (abs($0 - patchSize) == abs($1 - patchSize) && $0 < $1) }!
        return best[chosen]!.strides
    }

    /// The receptive field of a stack of 3×3 convolutions with these strides.
    static func receptiveField(_ strides: Strides) -> Int {
        var field = 0, total = 1
        for (i, stride) in strides.enumerated() {
            field = i == 0 ? 3 : field + 2 * total
            total *= stride
        }
        return field
    }
}
