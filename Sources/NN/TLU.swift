import Tensors

/// DFL leras `TLU` (`core/leras/layers/TLU.py`), the thresholded linear unit that follows FRN:
/// `max(x, tau)` with a learned threshold per channel (initialised to 0, where it is a ReLU).
public final class TLU: Module, @unchecked Sendable {
    public let tau: Parameter

    public init(_ channels: Int) {
        tau = Parameter(Tensor.zeros([channels]))
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.maximum(tau.value.reshaped([1, -1, 1, 1]))
    }
}
