import CTorch

extension Tensor {
    /// Max pooling of an NCHW tensor (`stride` defaults to the kernel size).
    public func maxPool2d(_ kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        pool(CT_MAX_POOL, kernel, stride ?? kernel, padding)
    }

    /// Average pooling of an NCHW tensor; padded cells are not counted.
    public func avgPool2d(_ kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        pool(CT_AVG_POOL, kernel, stride ?? kernel, padding)
    }

    private func pool(_ mode: ct_pool_mode, _ kernel: Int, _ stride: Int, _ padding: Int) -> Tensor {
        produce {
            ct_pool2d(Int32(mode.rawValue), handle, Int64(kernel), Int64(kernel), Int64(stride), Int64(stride),
                      Int64(padding), Int64(padding), $0)
        }
    }
}
