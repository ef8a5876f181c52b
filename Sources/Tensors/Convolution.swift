import CTorch

/// Zero padding of a convolution.
public enum ConvPadding: Sendable, Equatable {
    /// No padding.
    case valid
    /// DFL's 'SAME' (leras `Conv2D`): a symmetric pad of `((k − 1)·dilation + 1) / 2` on every side
    /// (PyTorch style). For stride 2 this differs from TensorFlow's asymmetric 'SAME' by one
    /// sampling phase while giving the same output size; for even k it adds one output row.
    case same
    /// Explicit symmetric padding (vertical, horizontal).
    case explicit(Int, Int)

    func amounts(kernel: (Int, Int), dilation: (Int, Int)) -> (Int, Int) {
        switch self {
        case .valid: (0, 0)
        case .same: (((kernel.0 - 1) * dilation.0 + 1) / 2, ((kernel.1 - 1) * dilation.1 + 1) / 2)
        case .explicit(let h, let w): (h, w)
        }
    }
}

/// An activation a packed oneDNN convolution applies to its output in the same pass.
public enum ConvolutionActivation: Sendable, Equatable {
    /// max(x, 0).
    case relu
    /// x for x ≥ 0, `slope`·x below.
    case leakyRelu(slope: Float)
}

extension Tensor {
    /// 2-D cross-correlation of an NCHW input with an OIHW weight (`groups` splits channels).
    ///
    /// Inference on the CPU in float32 always runs on oneDNN: libtorch's own choice sends 1×1 and
    /// small convolutions on one thread to its im2col kernel, which is about 1.3× slower on the
    /// detectors' MobileNet layers (see bench/run-extract).
    public func conv2d(_ weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: ConvPadding = .same,
                       dilation: Int = 1, groups: Int = 1) -> Tensor {
        let k = weight.shape
        let (ph, pw) = padding.amounts(kernel: (k[2], k[3]), dilation: (dilation, dilation))
        let convolution = isOneDNNInference(weight: weight, bias: bias) ? ct_onednn_conv2d : ct_conv2d
        return withExtendedLifetime(bias) {
            produce {
                convolution(handle, weight.handle, bias?.handle, Int64(stride), Int64(stride), Int64(ph), Int64(pw),
                            Int64(dilation), Int64(dilation), Int64(groups), $0)
            }
        }
    }

    /// `weight` (OIHW) reordered once into the layout oneDNN picks for a convolution of an input
    /// of shape `inputShape` (NCHW) with this geometry, for `conv2d(packed:…)`; a convolution of
    /// a plain weight reorders it on every call. Only for `isOneDNNInference(weight:bias:)` work.
    public static func oneDNNPackedConvolutionWeight(_ weight: Tensor, inputShape: [Int], stride: Int, padding: (Int, Int),
                                                     dilation: Int, groups: Int) -> Tensor {
        precondition(inputShape.count == 4, "a 2-D convolution's input shape has 4 dimensions")
        return produce {
            ct_onednn_pack_conv2d_weight(weight.handle, Int64(stride), Int64(stride), Int64(padding.0), Int64(padding.1),
                                         Int64(dilation), Int64(dilation), Int64(groups), inputShape.map(Int64.init), $0)
        }
    }

    /// `conv2d` with a weight from `oneDNNPackedConvolutionWeight` (packed for this input's shape
    /// and the same geometry), and `activation` applied to the output in the same pass.
    public func conv2d(packed weight: Tensor, bias: Tensor? = nil, stride: Int, padding: (Int, Int), dilation: Int, groups: Int,
                       activation: ConvolutionActivation? = nil) -> Tensor {
        let (code, alpha): (Int32, Double) = switch activation {
        case nil: (Int32(CT_CONV_NONE.rawValue), 0)
        case .relu: (Int32(CT_CONV_RELU.rawValue), 0)
        case .leakyRelu(let slope): (Int32(CT_CONV_LEAKY_RELU.rawValue), Double(slope))
        }
        return withExtendedLifetime(bias) {
            produce {
                ct_onednn_conv2d_packed(handle, weight.handle, bias?.handle, Int64(stride), Int64(stride), Int64(padding.0),
                                        Int64(padding.1), Int64(dilation), Int64(dilation), Int64(groups), code, alpha, $0)
            }
        }
    }

    /// Whether a convolution of this input with `weight` and `bias` is CPU float32 work that
    /// records no gradients, which oneDNN runs fastest.
    public func isOneDNNInference(weight: Tensor, bias: Tensor?) -> Bool {
        guard Runtime.hasOneDNN, device == .cpu, dtype == .float32, weight.dtype == .float32,
              bias.map({ $0.dtype == .float32 }) ?? true else { return false }
        return !gradientsAreRecorded || !(requiresGrad || weight.requiresGrad || bias?.requiresGrad == true)
    }

    /// PyTorch's transposed convolution: NCHW input, weight (in, out/groups, kh, kw); output size
    /// `(in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1`.
    public func convTranspose2d(_ weight: Tensor, bias: Tensor? = nil, stride: Int = 2, padding: Int = 0,
                                outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1) -> Tensor {
        withExtendedLifetime(bias) {
            produce {
                ct_conv_transpose2d(handle, weight.handle, bias?.handle, Int64(stride), Int64(stride), Int64(padding),
                                    Int64(padding), Int64(outputPadding), Int64(outputPadding), Int64(dilation),
                                    Int64(dilation), Int64(groups), $0)
            }
        }
    }

    /// DFL's `Conv2DTranspose` (TensorFlow 'SAME'): output size = input × stride. The full
    /// transposed convolution `(in − 1)·s + k` is cropped by `⌊pad_total / 2⌋` at the start,
    /// `pad_total = max((in − 1)·s + k − in·s, 0)` — for k = 3, s = 2 the first 2·in samples.
    /// Weight in PyTorch layout (in, out, kh, kw); DFL's (k, k, out, in) is `permuted([3, 2, 0, 1])`.
    public func convTranspose2dSame(_ weight: Tensor, bias: Tensor? = nil, stride: Int = 2) -> Tensor {
        let (h, w) = (shape[2], shape[3])
        let (kh, kw) = (weight.shape[2], weight.shape[3])
        let extraH = Swift.max(h * stride - ((h - 1) * stride + kh), 0)
        let extraW = Swift.max(w * stride - ((w - 1) * stride + kw), 0)
        let full = withExtendedLifetime(bias) {
            produce {
                ct_conv_transpose2d(handle, weight.handle, bias?.handle, Int64(stride), Int64(stride), 0, 0,
                                    Int64(extraH), Int64(extraW), 1, 1, 1, $0)
            }
        }
        let beforeH = Swift.max((h - 1) * stride + kh - h * stride, 0) / 2
        let beforeW = Swift.max((w - 1) * stride + kw - w * stride, 0) / 2
        return full.slice(2, beforeH, beforeH + h * stride).slice(3, beforeW, beforeW + w * stride)
    }

    /// Constant padding of the last two dimensions.
    public func padded(left: Int, right: Int, top: Int, bottom: Int, value: Double = 0) -> Tensor {
        produce { ct_pad2d(handle, Int64(left), Int64(right), Int64(top), Int64(bottom), value, $0) }
    }
}
