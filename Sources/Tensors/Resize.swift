import CTorch

/// Sampling used when resizing a tensor.
public enum TensorResizeMode: Int32, Sendable {
    case nearest = 0, bilinear = 1, bicubic = 2, area = 3
}

extension Tensor {
    /// Resizes the spatial dimensions of an NCHW tensor to `height × width`.
    public func resized(height: Int, width: Int, mode: TensorResizeMode = .bilinear, alignCorners: Bool = false) -> Tensor {
        produce { ct_resize(handle, mode.rawValue, Int64(height), Int64(width), alignCorners ? 1 : 0, $0) }
    }
}
