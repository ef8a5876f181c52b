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
        mappingValues { min(max($0, 0), 1) }
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
        let channels = self.channels
        var result = Image(uninitializedWidth: width, height: height, channels: channels, format: .float32)
        withUnsafeBufferPointer(as: Float.self) { back in
            foreground.withUnsafeBufferPointer(as: Float.self) { front in
                mask.withUnsafeBufferPointer(as: Float.self) { weights in
                    result.withUnsafeMutableBufferPointer(as: Float.self) { target in
                        for pixel in weights.indices {
                            let weight = weights[pixel]
                            for channel in 0..<channels {
                                let index = pixel * channels + channel
                                target[index] = back[index] * (1 - weight) + front[index] * weight
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
