import Inference
import NN
import Tensors

/// The forward pass of DFL's layers written as ONNX nodes (reference §9): DFL's NCHW graph with
/// float32 activations; weights as float32 constants, or float16 constants cast back to float32
/// (`half`, DFL's reduced-size export). Each method returns the name of its output value.
struct DFMGraph {
    var writer: ONNXGraphWriter
    /// Whether weights are stored as float16.
    let half: Bool

    init(name: String, half: Bool) {
        writer = ONNXGraphWriter(name: name)
        self.half = half
    }

    /// A weight constant, cast to float32 when stored as float16.
    mutating func weight(_ tensor: Tensor) -> String {
        let cpu = tensor.to(device: .cpu).contiguous()
        let name = writer.constant(cpu.floats(), shape: cpu.shape, half: half)
        return half ? writer.node("Cast", [name], ["to": .int(1)]) : name
    }

    mutating func conv(_ layer: Conv2D, _ x: String) -> String {
        let kernel = layer.weight.value.shape[2]
        var inputs = [x, weight(layer.weight.value)]
        if let bias = layer.bias { inputs.append(weight(bias.value)) }
        // DFL's 'SAME': ((k − 1)·dilation + 1) // 2 zeros on every side (reference §5.1).
        let padding = ((kernel - 1) * layer.dilation + 1) / 2
        return writer.node("Conv", inputs, ["kernel_shape": .ints([kernel, kernel]), "strides": .ints([layer.stride, layer.stride]),
                                            "pads": .ints([padding, padding, padding, padding]), "dilations": .ints([layer.dilation, layer.dilation])])
    }

    mutating func activation(_ kind: BlockActivation, _ x: String, slope: Float) -> String {
        switch kind {
        case .leakyRelu: return writer.node("LeakyRelu", [x], ["alpha": .float(slope)])
        case .cosine: return writer.node("Mul", [x, writer.node("Cos", [x])])
        }
    }

    mutating func downscale(_ layer: Downscale, _ x: String) -> String {
        activation(layer.activation, conv(layer.conv1, x), slope: 0.1)
    }

    mutating func upscale(_ layer: Upscale, _ x: String) -> String {
        writer.node("DepthToSpace", [activation(layer.activation, conv(layer.conv1, x), slope: 0.1)], ["blocksize": .int(2), "mode": .string("DCR")])
    }

    mutating func residual(_ layer: ResidualBlock, _ x: String) -> String {
        let y = activation(layer.activation, conv(layer.conv1, x), slope: 0.2)
        return activation(layer.activation, writer.node("Add", [x, conv(layer.conv2, y)]), slope: 0.2)
    }

    mutating func dense(_ layer: Dense, _ x: String) -> String {
        let product = writer.node("MatMul", [x, weight(layer.weight.value)])
        return layer.bias.map { writer.node("Add", [product, weight($0.value)]) } ?? product
    }

    /// (N, C, H, W) → (N, C·H·W) in (C, H, W) order, as DFL's `flatten`.
    mutating func flatten(_ x: String, features: Int) -> String {
        writer.node("Reshape", [x, writer.constant(int64: [-1, features], shape: [2])])
    }

    /// (N, C·s·s) → (N, C, s, s), as DFL's `reshape_4D`.
    mutating func unflatten(_ x: String, channels: Int, side: Int) -> String {
        writer.node("Reshape", [x, writer.constant(int64: [-1, channels, side, side], shape: [4])])
    }

    /// `x · 1/sqrt(mean(x², axis 1) + 1e-6)`.
    mutating func pixelNorm(_ x: String) -> String {
        let mean = writer.node("ReduceMean", [writer.node("Mul", [x, x])], ["axes": .ints([1]), "keepdims": .int(1)])
        let root = writer.node("Sqrt", [writer.node("Add", [mean, writer.constant([1e-6], shape: [])])])
        return writer.node("Div", [x, root])
    }

    /// SAEHD's `Decoder`: (face, mask) value names, both after the sigmoid.
    mutating func decoder(_ d: SAEHDDecoder, _ z: String) -> (face: String, mask: String) {
        var x = residual(d.res0, upscale(d.upscale0, z))
        x = residual(d.res1, upscale(d.upscale1, x))
        x = residual(d.res2, upscale(d.upscale2, x))
        if let upscale3 = d.upscale3, let res3 = d.res3 { x = residual(res3, upscale(upscale3, x)) }
        let face: String
        if let c1 = d.out_conv1, let c2 = d.out_conv2, let c3 = d.out_conv3 {
            let joined = writer.node("Concat", [conv(d.out_conv, x), conv(c1, x), conv(c2, x), conv(c3, x)], ["axis": .int(1)])
            face = writer.node("Sigmoid", [writer.node("DepthToSpace", [joined], ["blocksize": .int(2), "mode": .string("DCR")])])
        } else {
            face = writer.node("Sigmoid", [conv(d.out_conv, x)])
        }
        var m = upscale(d.upscalem2, upscale(d.upscalem1, upscale(d.upscalem0, z)))
        if let u3 = d.upscalem3 { m = upscale(u3, m) }
        if let u4 = d.upscalem4 { m = upscale(u4, m) }
        return (face, writer.node("Sigmoid", [conv(d.out_convm, m)]))
    }
}
