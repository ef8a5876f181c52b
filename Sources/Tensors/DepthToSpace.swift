import CTorch

/// Channel order of a depth-to-space (pixel shuffle) rearrangement.
public enum DepthToSpaceOrder: Sendable {
    /// TensorFlow's `depth_to_space` (DCR), used by DFL: output (2y+dy, 2x+dx, c) takes input
    /// channel `(dy·r + dx)·C_out + c`.
    case tensorflow
    /// PyTorch's `pixel_shuffle` (CRD): input channel `c·r² + dy·r + dx`.
    case pytorch
}

extension Tensor {
    /// Moves `factor²` groups of channels of an NCHW tensor into `factor × factor` pixel blocks.
    public func depthToSpace(_ factor: Int, order: DepthToSpaceOrder = .tensorflow) -> Tensor {
        switch order {
        case .pytorch:
            return produce { ct_pixel_shuffle(handle, Int64(factor), $0) }
        case .tensorflow:
            let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
            let out = c / (factor * factor)
            return reshaped([n, factor, factor, out, h, w])
                .permuted([0, 3, 4, 1, 5, 2])
                .reshaped([n, out, h * factor, w * factor])
        }
    }

    /// The inverse of `depthToSpace` with the same order.
    public func spaceToDepth(_ factor: Int, order: DepthToSpaceOrder = .tensorflow) -> Tensor {
        switch order {
        case .pytorch:
            return produce { ct_pixel_unshuffle(handle, Int64(factor), $0) }
        case .tensorflow:
            let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
            return reshaped([n, c, h / factor, factor, w / factor, factor])
                .permuted([0, 3, 5, 1, 2, 4])
                .reshaped([n, c * factor * factor, h / factor, w / factor])
        }
    }
}
