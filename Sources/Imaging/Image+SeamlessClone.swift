import CVision

/// Why `seamlessCloned` could not blend (OpenCV's message); DFL's merger prints it and keeps
/// the face unblended.
public struct SeamlessCloneError: Error, Sendable, Equatable {
    /// OpenCV's one-line message.
    public let reason: String
}

extension Image {
    /// OpenCV's Poisson blending (`cv2.seamlessClone(source, self, mask, center, NORMAL_CLONE)`):
    /// this image with `source` cloned in where `mask` is non-zero, the clone's bounding box centred
    /// at `center` (x, y). All three are `uint8` and this image's size; `source` and this image have
    /// 3 channels, `mask` 1. Throws OpenCV's message when it refuses (e.g. a box that leaves the image).
    public func seamlessCloned(_ source: Image, mask: Image, center: (x: Int, y: Int)) throws(SeamlessCloneError) -> Image {
        precondition(format == .uint8 && source.format == .uint8 && mask.format == .uint8,
                     "seamlessCloned: uint8 images are needed")
        precondition(channels == 3 && source.channels == 3 && mask.channels == 1,
                     "seamlessCloned: 3-channel images and a 1-channel mask are needed")
        precondition(source.width == width && source.height == height && mask.width == width && mask.height == height,
                     "seamlessCloned: source, destination and mask must have one size")
        var output = Image(width: width, height: height, channels: 3, format: .uint8)
        let status = source.withCVImage { clone in
            withCVImage { target in
                mask.withCVImage { region in
                    output.withMutableCVImage { result in
                        cv_seamless_clone(clone, target, region, Int32(center.x), Int32(center.y), 1, result)
                    }
                }
            }
        }
        guard status == 0 else { throw SeamlessCloneError(reason: lastCVisionError()) }
        return output
    }
}
