import CVision

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
        precondition(format == .float32, "clippedToUnit: a float32 image is needed")
        return producingSameShape("clippedToUnit") { cv_clip($0, $1, 0, 1) }
    }

    /// 1 where a value is at least `threshold`, else 0 (float32).
    public func binarized(at threshold: Float) -> Image {
        precondition(format == .float32, "binarized: a float32 image is needed")
        return producingSameShape("binarized") { cv_binarize($0, $1, threshold) }
    }

    /// `value − x` for every value x (float32); `subtracted(from: 1)` inverts a mask.
    public func subtracted(from value: Float) -> Image {
        precondition(format == .float32, "subtracted: a float32 image is needed")
        return producingSameShape("subtracted") { cv_subtract_from($0, $1, value) }
    }

    /// The value-by-value sum with `other`, a float32 image of this shape.
    public func adding(_ other: Image) -> Image {
        precondition(format == .float32 && other.format == .float32 && width == other.width && height == other.height
                        && channels == other.channels, "adding: two float32 images of one shape are needed")
        return other.withCVImage { second in producingSameShape("adding") { cv_add($0, second, $1) } }
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
        precondition(format == .float32 && foreground.format == .float32 && mask.format == .float32,
                     "blended: float32 images are needed")
        precondition(foreground.width == width && foreground.height == height && foreground.channels == channels
                        && mask.width == width && mask.height == height && mask.channels == 1,
                     "blended: the foreground must have this image's shape and the mask its size and one channel")
        return foreground.withCVImage { front in
            mask.withCVImage { weights in producingSameShape("blended") { cv_blend($0, front, weights, $1) } }
        }
    }
}
