import CVision

extension Image {
    /// The image scaled to `width`×`height` pixels (`cv2.resize`).
    public func resized(width: Int, height: Int, interpolation: Interpolation = .linear) -> Image {
        precondition(width > 0 && height > 0, "resized: size \(width)x\(height) must be positive")
        return producing("resized", width: width, height: height, channels: channels, format: format) {
            cv_resize($0, $1, interpolation.rawValue)
        }
    }
}
