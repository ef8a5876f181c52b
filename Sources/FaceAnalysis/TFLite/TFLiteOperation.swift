import Tensors

/// One operator of a TFLite graph, prepared to run on libtorch: weights already converted to
/// PyTorch layouts on the device, TensorFlow's 'SAME' padding resolved into explicit amounts for
/// the graph's fixed shapes, and the memory layout of each computation chosen.
enum TFLiteOperation: Sendable {
    /// `CONV_2D` (`groups` 1) or `DEPTHWISE_CONV_2D` (`groups` = input channels); weight OIHW.
    case convolution(weight: Tensor, bias: Tensor?, stride: Int, dilation: Int, groups: Int, padding: SpatialPadding,
                     activation: TFLiteActivation)
    /// `MAX_POOL_2D` over a square window; padded cells never win.
    case maxPool(kernel: Int, stride: Int, padding: SpatialPadding, activation: TFLiteActivation)
    /// `ADD` with broadcasting, on NCHW when both operands are 4-D, else in TFLite's order.
    case add(activation: TFLiteActivation, channelsFirst: Bool)
    /// `CONCATENATION` along `axis` (a dimension of TFLite's order), on NCHW when `channelsFirst`.
    case concatenation(axis: Int, activation: TFLiteActivation, channelsFirst: Bool)
    /// `RESHAPE` of the elements in TFLite's order; when `followsBatch` (the input's and the
    /// result's declared dimension 0 are both 1), dimension 0 of the result is the input's, so a
    /// batch passes through.
    case reshape(shape: [Int], followsBatch: Bool)
    /// `PAD` with zeros: (before, after) per dimension of TFLite's order.
    case pad([(before: Int, after: Int)])
    /// `RELU`.
    case relu
    /// `PRELU`: x for x ≥ 0, alpha·x below; `alpha` is shaped to broadcast in the chosen layout.
    case prelu(alpha: Tensor, channelsFirst: Bool)
    /// `RESIZE_BILINEAR` to `height`×`width` (half-pixel centres unless `alignCorners`).
    case resizeBilinear(height: Int, width: Int, alignCorners: Bool)

    /// Explicit zero (or −∞ for pools) padding of the two spatial dimensions.
    struct SpatialPadding: Sendable {
        var top: Int
        var bottom: Int
        var left: Int
        var right: Int

        var isZero: Bool { top == 0 && bottom == 0 && left == 0 && right == 0 }
    }

    /// The result of the operation on `inputs` (the operator's data inputs in order).
    func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        switch self {
        case .convolution(let weight, let bias, let stride, let dilation, let groups, let padding, let activation):
            var x = inputs[0].nchw
            if !padding.isZero {
                x = x.padded(left: padding.left, right: padding.right, top: padding.top, bottom: padding.bottom)
            }
            let y = x.conv2d(weight, bias: bias, stride: stride, padding: .valid, dilation: dilation, groups: groups)
            return TFLiteValue(Self.activate(y, activation), channelsFirst: true)
        case .maxPool(let kernel, let stride, let padding, let activation):
            var x = inputs[0].nchw
            if !padding.isZero {
                x = x.padded(left: padding.left, right: padding.right, top: padding.top, bottom: padding.bottom,
                             value: -Double.infinity)
            }
            return TFLiteValue(Self.activate(x.maxPool2d(kernel, stride: stride), activation), channelsFirst: true)
        case .add(let activation, let channelsFirst):
            let (a, b) = channelsFirst ? (inputs[0].nchw, inputs[1].nchw) : (inputs[0].declared, inputs[1].declared)
            return TFLiteValue(Self.activate(a + b, activation), channelsFirst: channelsFirst)
        case .concatenation(let axis, let activation, let channelsFirst):
            let parts = inputs.map { channelsFirst ? $0.nchw : $0.declared }
            let dimension = channelsFirst ? TFLiteValue.channelsFirstAxis(axis) : axis
            return TFLiteValue(Self.activate(Tensor.cat(parts, dim: dimension), activation), channelsFirst: channelsFirst)
        case .reshape(let shape, let followsBatch):
            let x = inputs[0].declared
            return TFLiteValue(x.reshaped(followsBatch ? [x.shape[0]] + shape.dropFirst() : shape))
        case .pad(let amounts):
            let input = inputs[0]
            var physical = amounts
            if input.channelsFirst {
                for axis in amounts.indices { physical[input.physicalAxis(axis)] = amounts[axis] }
            }
            return TFLiteValue(Self.zeroPadded(input.tensor, physical), channelsFirst: input.channelsFirst)
        case .relu:
            return TFLiteValue(inputs[0].tensor.relu(), channelsFirst: inputs[0].channelsFirst)
        case .prelu(let alpha, let channelsFirst):
            let x = channelsFirst ? inputs[0].nchw : inputs[0].declared
            return TFLiteValue(x.relu() + alpha * x.minimum(0), channelsFirst: channelsFirst)
        case .resizeBilinear(let height, let width, let alignCorners):
            let y = inputs[0].nchw.resized(height: height, width: width, mode: .bilinear, alignCorners: alignCorners)
            return TFLiteValue(y, channelsFirst: true)
        }
    }

    /// `tensor` after a fused activation (`signBit` is refused when the graph is prepared).
    static func activate(_ tensor: Tensor, _ activation: TFLiteActivation) -> Tensor {
        switch activation {
        case .none, .signBit: tensor
        case .relu: tensor.relu()
        case .reluN1To1: tensor.clamped(-1, 1)
        case .relu6: tensor.clamped(0, 6)
        case .tanh: tensor.tanh()
        }
    }

    /// `tensor` with zeros added before and after each dimension.
    private static func zeroPadded(_ tensor: Tensor, _ amounts: [(before: Int, after: Int)]) -> Tensor {
        var result = tensor
        let rank = amounts.count
        let spatialFrom = rank >= 2 ? rank - 2 : rank
        for axis in 0..<spatialFrom where amounts[axis].before > 0 || amounts[axis].after > 0 {
            var parts: [Tensor] = []
            for count in [amounts[axis].before, -1, amounts[axis].after] {
                if count == -1 {
                    parts.append(result)
                } else if count > 0 {
                    var shape = result.shape
                    shape[axis] = count
                    parts.append(Tensor.zeros(shape, dtype: result.dtype, device: result.device))
                }
            }
            result = Tensor.cat(parts, dim: axis)
        }
        if rank >= 2 {
            let (rows, columns) = (amounts[rank - 2], amounts[rank - 1])
            if rows.before > 0 || rows.after > 0 || columns.before > 0 || columns.after > 0 {
                result = result.padded(left: columns.before, right: columns.after, top: rows.before, bottom: rows.after)
            }
        }
        return result
    }
}
