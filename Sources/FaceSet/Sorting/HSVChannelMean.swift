import Imaging

/// The mean of one channel of a BGR `uint8` image converted to HSV (`cv2.COLOR_BGR2HSV`):
/// 0 hue (0…179), 1 saturation, 2 value (0…255).
enum HSVChannelMean {
    static func of(_ image: Image, channel: Int) -> Double {
        let hsv = image.converted(.bgrToHsv)
        var sum = 0
        hsv.withUnsafeBufferPointer(as: UInt8.self) { pixels in
            var index = channel
            while index < pixels.count {
                sum += Int(pixels[index])
                index += 3
            }
        }
        return Double(sum) / Double(hsv.width * hsv.height)
    }
}
