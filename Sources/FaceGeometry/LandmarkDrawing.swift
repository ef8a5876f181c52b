import Imaging

/// DFL's landmark and rectangle drawing (`LandmarksProcessor.draw_landmarks`, `draw_rect`), as
/// its debug images show them.
public enum LandmarkDrawing {
    /// DFL's `draw_landmarks` with `transparent_mask`: green anti-aliased polylines per feature and
    /// small circles, then every pixel inside the face hull (§8.3) halved, lines included.
    public static func drawLandmarks(_ landmarks: [SIMD2<Float>], on canvas: inout Image) {
        guard landmarks.count == 68 else { return }
        let points = landmarks.map(integer)
        let green = PixelValue(0, 255, 0)
        let open: [[Int]] = [Array(17...21), Array(0...16), Array(22...26), Array(27...35) + [30]]
        let closed: [[Int]] = [Array(36...41), Array(42...47), Array(48...67)]
        canvas.drawPolylines(open.map { $0.map { points[$0] } }, closed: false, color: green, thickness: 1, lineType: .antialiased)
        canvas.drawPolylines(closed.map { $0.map { points[$0] } }, closed: true, color: green, thickness: 1, lineType: .antialiased)
        for (index, point) in points.enumerated() {
            canvas.drawCircle(center: point, radius: index <= 16 ? 2 : 1, color: green, thickness: 1, lineType: .antialiased)
        }
        let hull = FaceHullMask.mask(width: canvas.width, height: canvas.height, landmarks: landmarks.map(SIMD2<Double>.init))
        let channels = canvas.channels
        hull.withUnsafeBufferPointer(as: UInt8.self) { inside in
            canvas.withUnsafeMutableBufferPointer(as: UInt8.self) { pixels in
                for pixel in 0..<inside.count where inside[pixel] != 0 {
                    for channel in 0..<channels { pixels[pixel * channels + channel] /= 2 }
                }
            }
        }
    }

    /// DFL's `draw_rect`: the box's four sides, 2 px, 8-connected; corners truncated to pixels.
    public static func drawRectangle(left: Float, top: Float, right: Float, bottom: Float, color: PixelValue, on canvas: inout Image) {
        let corners = [SIMD2(left, top), SIMD2(right, top), SIMD2(right, bottom), SIMD2(left, bottom)].map(integer)
        for i in 0..<4 {
            canvas.drawLine(from: corners[i], to: corners[(i + 1) % 4], color: color, thickness: 2, lineType: .connected8)
        }
    }

    /// The aligned face's square in the frame (red, 2 px) with the small triangle that marks its
    /// top-left corner, as DFL's `draw_rect_landmarks` draws them from `image_to_face_mat`.
    public static func drawFaceSquare(frameToFace: AffineMatrix, size: Int, on canvas: inout Image) {
        let inverse = frameToFace.inverted()
        let last = Float(size - 1)
        let outline = inverse.apply(to: [SIMD2<Float>(0, 0), SIMD2(0, last), SIMD2(last, last), SIMD2(last, 0)]).map(integer)
        let red = PixelValue(0, 0, 255)
        for i in 0..<4 {
            canvas.drawLine(from: outline[i], to: outline[(i + 1) % 4], color: red, thickness: 2, lineType: .connected8)
        }
        let s = Float(size)
        let triangle = inverse.apply(to: [SIMD2<Float>(Float(Int(0.05 * s)), 0), SIMD2(Float(Int(0.1 * s)), Float(Int(0.1 * s))),
                                          SIMD2(0, Float(Int(0.1 * s)))]).map(integer)
        for i in 0..<3 {
            canvas.drawLine(from: triangle[i], to: triangle[(i + 1) % 3], color: red, thickness: 2, lineType: .connected8)
        }
    }

    static func integer(_ p: SIMD2<Float>) -> SIMD2<Int32> { SIMD2(Int32(p.x), Int32(p.y)) }
}
