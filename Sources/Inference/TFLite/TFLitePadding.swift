/// TFLite's padding of convolutions and pools (`Padding`).
public enum TFLitePadding: Int8, Sendable {
    /// Output size ⌈in / stride⌉; the total padding `max((out − 1)·stride + extent − in, 0)` is split
    /// with the smaller half first (TensorFlow's rule: one more row or column at the end when odd).
    case same = 0
    /// No padding: output size ⌈(in − extent + 1) / stride⌉.
    case valid = 1

    /// Output size and padding (before, after) along one axis for a kernel of `kernel` taps spaced
    /// `dilation` apart; nil when the window does not fit (`valid` with a kernel wider than the input).
    public func plan(input: Int, kernel: Int, stride: Int, dilation: Int) -> (output: Int, before: Int, after: Int)? {
        let extent = (kernel - 1) * dilation + 1
        switch self {
        case .same:
            let output = (input + stride - 1) / stride
            let total = max((output - 1) * stride + extent - input, 0)
            return (output, total / 2, total - total / 2)
        case .valid:
            guard input >= extent else { return nil }
            return ((input - extent) / stride + 1, 0, 0)
        }
    }
}
