import Tensors

/// A tensor flowing through a TFLite graph. TFLite's shapes are NHWC; libtorch's convolutions want
/// NCHW, so a 4-D value may be kept channels-first between convolutions and is permuted back only
/// where an operator's meaning depends on the order of its elements (reshape, graph outputs).
public struct TFLiteValue {
    public let tensor: Tensor
    /// True when `tensor` holds a 4-D NHWC value as NCHW.
    public let channelsFirst: Bool

    public init(_ tensor: Tensor, channelsFirst: Bool = false) {
        self.tensor = tensor
        self.channelsFirst = channelsFirst
    }

    /// The value as NCHW (4-D values only).
    public var nchw: Tensor { channelsFirst ? tensor : tensor.permuted([0, 3, 1, 2]) }

    /// The value in TFLite's own order (NHWC for 4-D values).
    public var declared: Tensor { channelsFirst ? tensor.permuted([0, 2, 3, 1]) : tensor }

    /// The physical dimension of declared dimension `axis` (0 ≤ axis < rank).
    public func physicalAxis(_ axis: Int) -> Int {
        channelsFirst ? Self.channelsFirstAxis(axis) : axis
    }

    /// Where NHWC dimension `axis` sits in NCHW.
    public static func channelsFirstAxis(_ axis: Int) -> Int { [0, 2, 3, 1][axis] }
}
