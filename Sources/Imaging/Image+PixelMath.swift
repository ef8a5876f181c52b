import Tensors

extension Image {
    /// A float32 image with `transform` applied to every value.
    public func mappingValues(_ transform: (Float) -> Float) -> Image {
        precondition(format == .float32, "mappingValues: a float32 image is needed")
        var result = Image(uninitializedWidth: width, height: height, channels: channels, format: .float32)
        withUnsafeBufferPointer(as: Float.self) { source in
            result.withUnsafeMutableBufferPointer(as: Float.self) { target in
                for index in source.indices { target[index] = transform(source[index]) }
            }
        }
        return result
    }

    /// Every value clipped to 0…1 (`np.clip(image, 0, 1)`), float32.
    public func clippedToUnit() -> Image {
        Image(values: values("clippedToUnit").clamped(0, 1))
    }

    /// 1 where a value is at least `threshold`, else 0 (float32).
    public func binarized(at threshold: Float) -> Image {
        Image(values: values("binarized").ge(Double(threshold)).to(.float32))
    }

    /// `value − x` for every value x (float32); `subtracted(from: 1)` inverts a mask.
    public func subtracted(from value: Float) -> Image {
        Image(values: Double(value) - values("subtracted"))
    }

    /// The value-by-value sum with `other`, a float32 image of this shape.
    public func adding(_ other: Image) -> Image {
        precondition(width == other.width && height == other.height && channels == other.channels,
                     "adding: two float32 images of one shape are needed")
        return Image(values: values("adding") + other.values("adding"))
    }

    /// Float32 images of one shape combined value by value.
    public func combining(_ other: Image, _ combine: (Float, Float) -> Float) -> Image {
        precondition(format == .float32 && other.format == .float32 && width == other.width && height == other.height
                        && channels == other.channels, "combining: two float32 images of one shape are needed")
        var result = Image(uninitializedWidth: width, height: height, channels: channels, format: .float32)
        withUnsafeBufferPointer(as: Float.self) { left in
            other.withUnsafeBufferPointer(as: Float.self) { right in
                result.withUnsafeMutableBufferPointer(as: Float.self) { target in
                    for index in left.indices { target[index] = combine(left[index], right[index]) }
                }
            }
        }
        return result
    }

    /// `self·(1 − mask) + foreground·mask` for float32 images of one size: this image and
    /// `foreground` with the same channels, `mask` one channel (weights per pixel).
    public func blended(with foreground: Image, mask: Image) -> Image {
        precondition(foreground.width == width && foreground.height == height && foreground.channels == channels
                        && mask.width == width && mask.height == height && mask.channels == 1,
                     "blended: the foreground must have this image's shape and the mask its size and one channel")
        let weights = mask.values("blended")
        return Image(values: values("blended") * (1 - weights) + foreground.values("blended") * weights)
    }

    /// The float32 values as an [H, W, C] tensor on the CPU (a copy).
    func values(_ caller: StaticString) -> Tensor {
        precondition(format == .float32, "\(caller): float32 images are needed")
        do {
            return try tensor(layout: .hwc)
        } catch {
            preconditionFailure("\(caller): \(error)")
        }
    }

    /// A float32 image holding `values`, an [H, W, C] float32 tensor on the CPU, as they are.
    init(values: Tensor) {
        let shape = values.shape
        self.init(uninitializedWidth: shape[1], height: shape[0], channels: shape[2], format: .float32)
        let contiguous = values.contiguous()
        withUnsafeMutableBufferPointer(as: Float.self) { buffer in
            do {
                try contiguous.copyToHost(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                preconditionFailure("cannot copy an image's values from its tensor: \(error)")
            }
        }
    }
}
