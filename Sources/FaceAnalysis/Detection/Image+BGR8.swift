import Imaging

extension Image {
    /// The frame as DFL's extractor sees it: 3-channel BGR `uint8` (gray repeated, alpha dropped,
    /// float values 0…1 scaled to 0…255).
    func bgr8() -> Image {
        var image = format == .uint8 ? self : converted(to: .uint8)
        switch image.channels {
        case 1: image = image.converted(.grayToBgr)
        case 4: image = image.converted(.bgraToBgr)
        default: break
        }
        return image
    }
}
