import CVision

/// A turn by a multiple of 90°.
public enum QuarterTurn: Int32, Sendable, CaseIterable {
    case clockwise = 0
    case halfTurn = 1
    case counterClockwise = 2
}

/// Which way to mirror an image.
public enum FlipAxis: Int32, Sendable {
    /// Top ↔ bottom.
    case vertical = 0
    /// Left ↔ right.
    case horizontal = 1
    /// Both (a half turn).
    case both = -1
}

extension Image {
    /// The image turned by a multiple of 90° (`cv2.rotate`).
    public func rotated(_ turn: QuarterTurn) -> Image {
        let swapsSides = turn != .halfTurn
        return producing("rotated", width: swapsSides ? height : width, height: swapsSides ? width : height,
                         channels: channels, format: format) { cv_rotate($0, $1, turn.rawValue) }
    }

    /// The image mirrored (`cv2.flip`).
    public func flipped(_ axis: FlipAxis) -> Image {
        producingSameShape("flipped") { cv_flip($0, $1, axis.rawValue) }
    }

    /// The `width`×`height` rectangle whose top-left corner is (x, y); it must lie inside the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> Image {
        precondition(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= self.width && y + height <= self.height,
                     "cropped: rectangle (\(x), \(y), \(width)x\(height)) is outside a \(self.width)x\(self.height) image")
        return producing("cropped", width: width, height: height, channels: channels, format: format) {
            cv_crop($0, $1, Int32(x), Int32(y))
        }
    }

    /// Copies `patch` (this image's channels and format) over the pixels whose top-left corner
    /// is (x, y); it must lie inside the image.
    public mutating func paste(_ patch: Image, x: Int, y: Int) {
        precondition(patch.channels == channels && patch.format == format, "paste: the patch must have this image's channels and format")
        precondition(x >= 0 && y >= 0 && x + patch.width <= width && y + patch.height <= height,
                     "paste: a \(patch.width)x\(patch.height) patch at (\(x), \(y)) is outside a \(width)x\(height) image")
        let rowBytes = patch.rowByteCount, pixelBytes = channels * format.bytesPerElement, fullRow = rowByteCount
        makeStorageUnique()
        let target = storage.bytes
        patch.withUnsafeBytes { source in
            for row in 0..<patch.height {
                (target + (y + row) * fullRow + x * pixelBytes).copyMemory(from: source.baseAddress! + row * rowBytes, byteCount: rowBytes)
            }
        }
        withExtendedLifetime(storage) {}
    }
}
