/// DFL's `mix-m`: lightness by `lct` on the Lab L channel, chroma by `sot` on colours whose
/// lightness is made equal (`core/imagelib/color_transfer.py`, `color_transfer_mix`).
enum MixColorTransfer {
    /// The L value, in uint8 Lab units (0…255), both images take before the chroma transfer.
    static let flatLightness: UInt8 = 100

    /// `image` (float32 BGR, 0…1) recoloured towards `reference` (the same size) with sot's
    /// given unit directions (10 steps of 5 in DFL). Both images → `clip(x·255)` truncated to uint8
    /// → uint8 Lab; the image's L ← lct of the two L channels (/255, then ×255 truncated); both
    /// get L = 100 → BGR; sot on those 0…255 colours (σ_color 5 in those units), clipped and
    /// truncated to uint8 → Lab, L replaced by the transferred L → BGR → /255.
    static func transfer(_ image: Image, toward reference: Image, directions: [[SIMD3<Float>]]) -> Image {
        let imageLab = quantised(image).converted(.bgrToLab).pixels(as: UInt8.self)
        let referenceLab = quantised(reference).converted(.bgrToLab).pixels(as: UInt8.self)
        let lightness = LinearColorTransfer.transfer(
            lightnessChannel(imageLab), toward: lightnessChannel(referenceLab), channels: 1
        ).map { truncatedByte($0 * 255) }
        let imageChroma = flattened(imageLab, width: image.width, height: image.height)
        let referenceChroma = flattened(referenceLab, width: image.width, height: image.height)
        let moved = SlicedOptimalTransfer.transfer(imageChroma, toward: referenceChroma, width: image.width,
                                                   height: image.height, directions: directions)
        var movedLab = Image(width: image.width, height: image.height, channels: 3, pixels: moved.map(truncatedByte))
            .converted(.bgrToLab).pixels(as: UInt8.self)
        for pixel in lightness.indices {
            movedLab[pixel * 3] = lightness[pixel]
        }
        let result = Image(width: image.width, height: image.height, channels: 3, pixels: movedLab)
            .converted(.labToBgr).pixels(as: UInt8.self)
        return Image(width: image.width, height: image.height, channels: 3, pixels: result.map { Float(Double($0) / 255) })
    }

    /// `clip(x·255, 0, 255).astype(uint8)`: scaled in float32, then truncated.
    private static func quantised(_ image: Image) -> Image {
        Image(width: image.width, height: image.height, channels: 3,
              pixels: image.pixels(as: Float.self).map { truncatedByte($0 * 255) })
    }

    /// A float clipped to 0…255 and truncated toward zero, as NumPy's `astype(uint8)` after a clip.
    private static func truncatedByte(_ value: Float) -> UInt8 {
        UInt8(min(max(value, 0), 255))
    }

    /// The L channel of uint8 Lab pixels as float32 0…1 (`L.astype(float32) / 255`).
    private static func lightnessChannel(_ lab: [UInt8]) -> [Float] {
        stride(from: 0, to: lab.count, by: 3).map { Float(lab[$0]) / 255 }
    }

    /// uint8 Lab pixels with L set to `flatLightness`, back to BGR, as float32 0…255.
    private static func flattened(_ lab: [UInt8], width: Int, height: Int) -> [Float] {
        var flat = lab
        for index in stride(from: 0, to: flat.count, by: 3) { flat[index] = flatLightness }
        return Image(width: width, height: height, channels: 3, pixels: flat).converted(.labToBgr)
            .pixels(as: UInt8.self).map(Float.init)
    }
}
