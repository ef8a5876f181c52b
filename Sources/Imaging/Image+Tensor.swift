import Tensors

extension Image {
    /// How an image's pixels are arranged in a tensor.
    public enum TensorLayout: Sendable, Hashable {
        /// Batch of one, channels first: [1, C, H, W], the networks' layout.
        case nchw
        /// Like the image: [H, W, C].
        case hwc
    }

    /// The pixels as a contiguous `float32` tensor on `device`, channels in BGR order:
    /// `uint8` values become 0…1 (divided by 255, as DFL does); `float32` values are copied as
    /// they are.
    public func tensor(layout: TensorLayout = .nchw, device: Device = .cpu) throws(TensorError) -> Tensor {
        let dtype: DType = format == .uint8 ? .uint8 : .float32
        let pixels = try withUnsafeBytes { bytes throws(TensorError) in
            try Tensor(host: bytes, shape: [height, width, channels], dtype: dtype, device: device)
        }
        let values = format == .uint8 ? pixels.to(.float32) / 255 : pixels
        switch layout {
        case .hwc: return values
        case .nchw: return values.permuted([2, 0, 1]).unsqueezed(0).contiguous()
        }
    }

    /// An image from a floating-point tensor on any device, shaped [1, C, H, W] or [C, H, W]
    /// for `.nchw` and [H, W, C] for `.hwc`, with C 1, 3 or 4 in BGR(A) order. Values are
    /// clamped to 0…1; a `uint8` image holds them × 255, rounded.
    public init(tensor: Tensor, layout: TensorLayout = .nchw, format: PixelFormat = .float32) throws(TensorError) {
        let shape = tensor.shape
        guard tensor.dtype.isFloatingPoint else {
            throw TensorError("cannot make an image from a \(tensor.dtype) tensor; convert it to float32")
        }
        let hwc: Tensor
        switch (layout, shape.count) {
        case (.nchw, 4) where shape[0] == 1: hwc = tensor.squeezed(0).permuted([1, 2, 0])
        case (.nchw, 3): hwc = tensor.permuted([1, 2, 0])
        case (.hwc, 3): hwc = tensor
        default:
            throw TensorError("cannot make an image from a \(shape) tensor in \(layout) layout; "
                + "use [1, C, H, W] or [C, H, W] for nchw, [H, W, C] for hwc")
        }
        let (height, width, channels) = (hwc.shape[0], hwc.shape[1], hwc.shape[2])
        guard width > 0, height > 0, (1...4).contains(channels), channels != 2 else {
            throw TensorError("cannot make an image from a \(shape) tensor; it needs 1, 3 or 4 channels and pixels")
        }
        let clamped = hwc.to(.float32, device: .cpu).clamped(0, 1).contiguous()
        var image = Image(uninitializedWidth: width, height: height, channels: channels, format: .float32)
        try image.withUnsafeMutableBufferPointer(as: Float.self) { buffer throws(TensorError) in
            try clamped.copyToHost(into: UnsafeMutableRawBufferPointer(buffer))
        }
        self = format == .float32 ? image : image.converted(to: format)
    }
}
