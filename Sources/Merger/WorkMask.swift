import Imaging

/// The merger's mask in the face's square (reference §8.2 steps 6–8): the mask mode's masks
/// combined, cleaned of noise, brought to the 4R mask size, then eroded or dilated and feathered
/// in DFL's units.
enum WorkMask {
    /// The mask mode's masks (all `size`², one channel) multiplied together, or added and clipped;
    /// ones for `full`. Values below 1/255 become 0 (DFL's noise floor).
    static func combined(_ masks: [Image], adding: Bool, size: Int) -> Image {
        var mask = masks.first ?? Image(width: size, height: size, channels: 1, repeating: Float(1))
        for other in masks.dropFirst() {
            mask = adding ? mask.combining(other) { min(max($0 + $1, 0), 1) } : mask.combining(other) { $0 * $1 }
        }
        return mask.mappingValues { $0 < 1 / 255 ? 0 : $0 }
    }

    /// Step 8: `mask` (the 4R mask) zero-padded by `padding` (the model's R) on every side, eroded
    /// (`erode` > 0, an ellipse of `erode`²) or dilated (< 0), cleared in a band of
    /// `padding + blur / 2` pixels along every edge, blurred with a Gaussian of `blur` made odd
    /// (OpenCV's σ for the size), the padding cropped off and the values clipped to [0, 1].
    static func shaped(_ mask: Image, padding: Int, erode: Int, blur: Int) -> Image {
        let size = mask.width
        let padded = size + 2 * padding
        var work = Image(width: padded, height: padded, channels: 1, format: .float32)
        mask.withUnsafeBufferPointer(as: Float.self) { source in
            work.withUnsafeMutableBufferPointer(as: Float.self) { target in
                for row in 0..<size {
                    let from = row * size, to = (row + padding) * padded + padding
                    for column in 0..<size { target[to + column] = source[from + column] }
                }
            }
        }
        if erode > 0 {
            work = work.eroded(StructuringElement(shape: .ellipse, size: erode))
        } else if erode < 0 {
            work = work.dilated(StructuringElement(shape: .ellipse, size: -erode))
        }
        let band = min(padding + blur / 2, padded)
        work.withUnsafeMutableBufferPointer(as: Float.self) { values in
            for row in 0..<padded {
                for column in 0..<padded where row < band || row >= padded - band || column < band || column >= padded - band {
                    values[row * padded + column] = 0
                }
            }
        }
        if blur > 0 {
            work = work.gaussianBlurred(kernelSize: blur + (1 - blur % 2), sigma: 0)
        }
        return work.cropped(x: padding, y: padding, width: size, height: size).clippedToUnit()
    }
}
