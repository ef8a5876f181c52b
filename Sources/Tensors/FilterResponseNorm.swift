import CTorch

extension Tensor {
    /// DFL's FRN followed by TLU (XSeg's blocks, reference §4.1) as one operation on an NCHW
    /// tensor: `max(x · weight · rsqrt(mean_{H,W}(x²) + |eps|) + bias, tau)` per sample and
    /// channel; `weight`, `bias`, `tau` of shape (C), `eps` of shape (1). On the CPU in float32 it
    /// makes two passes over the activation each way where the composed operations make about
    /// twenty; TLU's gradient goes to the input where the normalised value is at least `tau`
    /// (TensorFlow's `maximum`).
    public func filterResponseNormalizedTLU(weight: Tensor, bias: Tensor, eps: Tensor, tau: Tensor) -> Tensor {
        withExtendedLifetime((weight, bias, eps, tau)) {
            produce { ct_frn_tlu(handle, weight.handle, bias.handle, eps.handle, tau.handle, $0) }
        }
    }
}
