import CVision

/// How Swift calls the CVision shim: `cv_image` descriptors over an `Image`'s pixels, and
/// failures that mean a broken precondition in Imaging itself.
extension Image {
    /// Calls `body` with a descriptor of these pixels; `body` must only read through it.
    func withCVImage<Result>(_ body: (UnsafeMutablePointer<cv_image>) -> Result) -> Result {
        withExtendedLifetime(storage) {
            var descriptor = cvDescriptor()
            return body(&descriptor)
        }
    }

    /// Calls `body` with a descriptor of these pixels, which it may write.
    mutating func withMutableCVImage<Result>(_ body: (UnsafeMutablePointer<cv_image>) -> Result) -> Result {
        makeStorageUnique()
        return withExtendedLifetime(storage) {
            var descriptor = cvDescriptor()
            return body(&descriptor)
        }
    }

    private func cvDescriptor() -> cv_image {
        cv_image(data: storage.bytes, width: Int32(width), height: Int32(height), channels: Int32(channels),
                 depth: format.cvDepth, stride: rowByteCount)
    }

    /// A new image of the given shape filled by `call(source, destination)`, a CVision call
    /// that reads this image.
    func producing(
        _ operation: String, width: Int, height: Int, channels: Int, format: PixelFormat,
        _ call: (UnsafeMutablePointer<cv_image>, UnsafeMutablePointer<cv_image>) -> Int32
    ) -> Image {
        var output = Image(uninitializedWidth: width, height: height, channels: channels, format: format)
        let status = withCVImage { source in output.withMutableCVImage { destination in call(source, destination) } }
        checkCVision(status, operation)
        return output
    }

    /// `producing` with this image's shape and format.
    func producingSameShape(
        _ operation: String, _ call: (UnsafeMutablePointer<cv_image>, UnsafeMutablePointer<cv_image>) -> Int32
    ) -> Image {
        producing(operation, width: width, height: height, channels: channels, format: format, call)
    }
}

/// The last CVision error on this thread.
func lastCVisionError() -> String {
    String(cString: cv_last_error())
}

/// Stops on a failed CVision call whose arguments Imaging had already checked: such a failure
/// is a bug in Imaging, not bad input.
func checkCVision(_ status: Int32, _ operation: String) {
    if status != 0 {
        fatalError("Imaging.\(operation): OpenCV failed: \(lastCVisionError())")
    }
}
