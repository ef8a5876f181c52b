/// DFL's `blursharpen` modes (`core/imagelib/blursharpen.py`, reference §8.6).
public enum SharpenMode: Int, Sendable, CaseIterable {
    /// No sharpening (a negative amount still blurs).
    case none = 0
    /// `δ + (δ − box)·amount` through `filtered`.
    case box = 1
    /// `(1 + amount/2)·image − (amount/2)·GaussianBlur(image)`.
    case gaussian = 2
}

extension Image {
    /// DFL's `blursharpen(img, mode, k, amount)` on a `float32` image: `kernelSize` made odd (+1
    /// when even); `amount` > 0 sharpens by `mode`; `amount` < 0 blurs with 5×5 median passes, one
    /// whole pass per 10 and a blend of `(n mod 10)/10` for the rest (−25: two passes and a half).
    /// No clipping, as in DFL.
    public func blurSharpened(mode: SharpenMode, kernelSize: Int, amount: Int) -> Image {
        precondition(format == .float32, "blurSharpened: a float32 image is needed")
        let k = kernelSize % 2 == 0 ? kernelSize + 1 : kernelSize
        if amount > 0 {
            switch mode {
            case .box:
                let a = Float(amount), box = 1 / Float(k * k)
                var kernel = [Float](repeating: -box * a, count: k * k)
                kernel[k / 2 * k + k / 2] = 1 + (1 - box) * a
                return filtered(kernel: kernel, width: k, height: k)
            case .gaussian:
                let blur = gaussianBlurred(kernelSize: k, sigma: 0).pixels(as: Float.self)
                let (a, b) = (Float(1 + 0.5 * Double(amount)), Float(-0.5 * Double(amount)))
                let values = zip(pixels(as: Float.self), blur).map { a * $0 + b * $1 }
                return Image(width: width, height: height, channels: channels, pixels: values)
            case .none:
                return self
            }
        }
        var image = self
        var n = -amount
        while n > 0 {
            let blurred = image.medianBlurred(kernelSize: 5)
            if n / 10 != 0 {
                image = blurred
            } else {
                let power = Float(n % 10) / 10
                let values = zip(image.pixels(as: Float.self), blurred.pixels(as: Float.self)).map { $0 * (1 - power) + $1 * power }
                image = Image(width: width, height: height, channels: channels, pixels: values)
            }
            n = max(n - 10, 0)
        }
        return image
    }
}
