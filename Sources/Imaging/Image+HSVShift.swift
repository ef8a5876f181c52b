import Foundation
import Tensors

extension Image {
    /// This BGR float32 image in OpenCV's float HSV with `hue` degrees added (wrapping at 360)
    /// and `saturation`, `value` added and clipped to 0…1, back in BGR.
    public func hsvShifted(hue: Float, saturation: Float, value: Float) -> Image {
        precondition(format == .float32 && channels == 3, "hsvShifted: a float32 BGR image is needed")
        let hsv = converted(.bgrToHsv).values("hsvShifted")
        // H is in [0, 360); with the shift reduced into (−360, 360) one wrap either way suffices.
        let turned = hsv.slice(2, 0, 1) + Double(fmodf(hue, 360))
        let wrapped = Tensor.where(turned.ge(360), turned - 360, Tensor.where(turned.lt(0), turned + 360, turned))
        let saturated = (hsv.slice(2, 1, 2) + Double(saturation)).clamped(0, 1)
        let bright = (hsv.slice(2, 2, 3) + Double(value)).clamped(0, 1)
        return Image(values: Tensor.cat([wrapped, saturated, bright], dim: 2)).converted(.hsvToBgr)
    }
}
