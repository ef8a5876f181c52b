/// The zero padding of a 2-D convolution as a node states it: explicit `pads`
/// (`[top, left, bottom, right]`) or `auto_pad`, which depends on the input size.
public enum ONNXSpatialPadding: Sendable, Equatable {
    case explicit(top: Int, left: Int, bottom: Int, right: Int)
    /// `SAME_UPPER` (extra padding at the end) or `SAME_LOWER` (at the start): output = ⌈input / stride⌉.
    case same(extraAtEnd: Bool)

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        switch try node.string("auto_pad", default: "NOTSET") {
        case "NOTSET":
            let pads = try node.ints("pads", default: [0, 0, 0, 0]) ?? [0, 0, 0, 0]
            guard pads.count == 4, pads.allSatisfy({ $0 >= 0 }) else {
                throw ONNXModelIssue("pads \(pads) must be four non-negative values (2-D)")
            }
            self = .explicit(top: pads[0], left: pads[1], bottom: pads[2], right: pads[3])
        case "VALID": self = .explicit(top: 0, left: 0, bottom: 0, right: 0)
        case "SAME_UPPER": self = .same(extraAtEnd: true)
        case "SAME_LOWER": self = .same(extraAtEnd: false)
        case let other: throw ONNXModelIssue("auto_pad '\(other)' is not an ONNX padding mode")
        }
    }

    /// Pixels of padding on each side for an input of `input` (height, width), a kernel covering
    /// `extent` pixels once dilated, and `stride`.
    public func amounts(input: (Int, Int), extent: (height: Int, width: Int), stride: Int)
        -> (top: Int, left: Int, bottom: Int, right: Int) {
        switch self {
        case .explicit(let top, let left, let bottom, let right):
            return (top, left, bottom, right)
        case .same(let extraAtEnd):
            func split(_ size: Int, _ extent: Int) -> (Int, Int) {
                let output = (size + stride - 1) / stride
                let total = max((output - 1) * stride + extent - size, 0)
                let small = total / 2
                return extraAtEnd ? (small, total - small) : (total - small, small)
            }
            let (top, bottom) = split(input.0, extent.height)
            let (left, right) = split(input.1, extent.width)
            return (top, left, bottom, right)
        }
    }
}
