/// DFL's colour-transfer modes (`core/imagelib/color_transfer.py`): training's `ct_mode` and the
/// merger's `color_transfer_mode`. Raw values are DFL's names. Every mode recolours an image
/// towards a reference; images are float32 BGR in 0…1, results too.
public enum ColorTransfer: String, CaseIterable, Sendable {
    /// Reinhard's Lab mean and deviation transfer (`reinhard_color_transfer`); the masks, when
    /// given, choose the pixels of the statistics (below 0.5 counts as black), as the merger does.
    case rct
    /// Linear covariance match through the covariances' square roots (`linear_color_transfer`).
    case lct
    /// Monge–Kantorovich linear transfer (`color_transfer_mkl`).
    case mkl
    /// `mkl` on image·mask and reference·mask.
    case mklMasked = "mkl-m"
    /// Iterative distribution transfer, 20 random rotations (`color_transfer_idt`).
    case idt
    /// `idt` on image·mask and reference·mask.
    case idtMasked = "idt-m"
    /// Sliced optimal transport, 10 steps of 5 random directions, clipped (`color_transfer_sot`);
    /// training only.
    case sot
    /// `sot` with 30 directions a step on image·mask and reference·mask, clipped.
    case sotMasked = "sot-m"
    /// Lightness by `lct` and chroma by `sot` on image·mask and reference·mask (`color_transfer_mix`).
    case mix = "mix-m"

    /// Training's `ct_mode` choices besides `none`, in DFL's order.
    public static let trainingModes: [ColorTransfer] = [.rct, .lct, .mkl, .idt, .sot]
    /// The merger's `color_transfer_mode` choices: DFL's number is the index + 1 (0 is none).
    public static let mergerModes: [ColorTransfer] = [.rct, .lct, .mkl, .mklMasked, .idt, .idtMasked, .sotMasked, .mix]

    /// Whether the mode reads the masks; the others recolour from the whole squares, as DFL does,
    /// and ignore masks passed to `apply`.
    public var usesMasks: Bool {
        switch self {
        case .rct, .mklMasked, .idtMasked, .sotMasked, .mix: true
        case .lct, .mkl, .idt, .sot: false
        }
    }

    /// `image` recoloured towards `reference` (both float32 BGR, 0…1). `imageMask` and
    /// `referenceMask` (float32, one channel, 0…1, the size of their image; nil means all ones)
    /// are read by the modes whose `usesMasks` is true. `idt`, `sot` and the modes built on them
    /// draw their random rotations or directions from `random`. `sot`, `sot-m` and `mix-m` need
    /// the two images to have one size; the others accept any two sizes.
    public func apply(
        _ image: Image, reference: Image, imageMask: Image? = nil, referenceMask: Image? = nil,
        using random: inout some RandomNumberGenerator
    ) throws(ColorTransferError) -> Image {
        try validate(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask)
        return transfer(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask,
                        draws: .drawn(for: self, using: &random))
    }

    /// `apply` with its random rotations or directions given (tests replay DFL's draws).
    func apply(
        _ image: Image, reference: Image, imageMask: Image? = nil, referenceMask: Image? = nil, draws: ColorTransferDraws
    ) throws(ColorTransferError) -> Image {
        try validate(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask)
        return transfer(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask, draws: draws)
    }

    private func transfer(
        _ image: Image, reference: Image, imageMask: Image?, referenceMask: Image?, draws: ColorTransferDraws
    ) -> Image {
        let imageMask = usesMasks ? imageMask : nil
        let referenceMask = usesMasks ? referenceMask : nil
        switch self {
        case .rct:
            return ReinhardColorTransfer.transfer(image, toward: reference, targetMask: imageMask, sourceMask: referenceMask)
        case .lct:
            return image.replacingPixels(LinearColorTransfer.transfer(
                image.pixels(as: Float.self), toward: reference.pixels(as: Float.self), channels: 3))
        case .mkl, .mklMasked:
            return image.replacingPixels(MKLColorTransfer.transfer(
                Self.masked(image, imageMask), toward: Self.masked(reference, referenceMask)))
        case .idt, .idtMasked:
            return image.replacingPixels(IterativeDistributionTransfer.transfer(
                Self.masked(image, imageMask), toward: Self.masked(reference, referenceMask), rotations: draws.rotations))
        case .sot, .sotMasked:
            let moved = SlicedOptimalTransfer.transfer(
                Self.masked(image, imageMask), toward: Self.masked(reference, referenceMask), width: image.width,
                height: image.height, directions: draws.directions)
            return image.replacingPixels(moved.map { min(max($0, 0), 1) })
        case .mix:
            return MixColorTransfer.transfer(
                image.replacingPixels(Self.masked(image, imageMask)),
                toward: reference.replacingPixels(Self.masked(reference, referenceMask)), directions: draws.directions)
        }
    }

    private func validate(_ image: Image, reference: Image, imageMask: Image?, referenceMask: Image?) throws(ColorTransferError) {
        let operation = "color transfer \(rawValue)"
        for (role, candidate) in [("image", image), ("reference", reference)]
        where candidate.format != .float32 || candidate.channels != 3 {
            throw .unsupportedImage(operation: operation, role: role, channels: candidate.channels,
                                    format: candidate.format, expectedChannels: "3")
        }
        for (role, mask, owner) in [("image mask", imageMask, image), ("reference mask", referenceMask, reference)] {
            guard let mask else { continue }
            guard mask.format == .float32, mask.channels == 1 else {
                throw .unsupportedMask(operation: operation, role: role, channels: mask.channels, format: mask.format)
            }
            guard mask.width == owner.width, mask.height == owner.height else {
                throw .sizeMismatch(operation: operation, role: role, width: mask.width, height: mask.height,
                                    expectedWidth: owner.width, expectedHeight: owner.height)
            }
        }
        let needsOneSize = self == .sot || self == .sotMasked || self == .mix
        if needsOneSize && (reference.width != image.width || reference.height != image.height) {
            throw .sizeMismatch(operation: operation, role: "reference", width: reference.width, height: reference.height,
                                expectedWidth: image.width, expectedHeight: image.height)
        }
    }

    /// The image's interleaved values, each pixel multiplied by its mask value (float32) when a
    /// mask is given.
    private static func masked(_ image: Image, _ mask: Image?) -> [Float] {
        var values = image.pixels(as: Float.self)
        guard let mask else { return values }
        let weights = mask.pixels(as: Float.self)
        for index in values.indices {
            values[index] *= weights[index / 3]
        }
        return values
    }
}

extension Image {
    /// An image of this one's shape over `pixels` (float32, interleaved).
    fileprivate func replacingPixels(_ pixels: [Float]) -> Image {
        Image(width: width, height: height, channels: channels, pixels: pixels)
    }
}
