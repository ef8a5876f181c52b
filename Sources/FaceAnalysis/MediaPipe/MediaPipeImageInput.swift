import Imaging
import Tensors

/// How MediaPipe's networks take an image: a square region of the frame sampled into an N×N
/// input by an affine map (bilinear, zeros outside the frame — MediaPipe's `ImageToTensor` with
/// `BORDER_ZERO`), RGB, as float32 [1, N, N, 3] (TFLite's NHWC).
///
/// Coordinates are pixels with pixel centres at integers (OpenCV's convention). The networks
/// answer in continuous coordinates of their input, where pixel i spans [i, i + 1]: an answer u
/// is the input pixel coordinate u − 0.5.
enum MediaPipeImageInput {
    /// The input whose pixel p samples the frame at `inputToFrame(p)`, with values mapped from
    /// 0…1 (uint8 / 255, or float frames as they are) to `low`…1. Gray and BGRA frames are
    /// converted to BGR first.
    static func tensor(from frame: Image, inputToFrame: AffineMatrix, size: Int, low: Double,
                       device: Device) throws(TensorError) -> Tensor {
        let bgr: Image
        switch frame.channels {
        case 1: bgr = frame.converted(.grayToBgr)
        case 4: bgr = frame.converted(.bgraToBgr)
        default: bgr = frame
        }
        let sampled = bgr.warpedAffine(inputToFrame, width: size, height: size, interpolation: .linear, inverse: true,
                                       border: .constant(.zero))
        let unit = try sampled.tensor(layout: .hwc, device: device).flipped([2])
        let scaled = low == 0 ? unit : unit * (1 - low) + low
        return scaled.unsqueezed(0).contiguous()
    }

    /// The frame pixel of a network answer `u` (continuous input coordinates).
    static func framePoint(_ u: SIMD2<Double>, inputToFrame: AffineMatrix) -> SIMD2<Double> {
        inputToFrame.apply(to: u - 0.5)
    }
}
