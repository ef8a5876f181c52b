/// The shape-defining AMP options, fixed when a model is created (reference §6.1).
public struct AMPDimensions: Sendable, Hashable {
    /// Face side in pixels: 64–640, a multiple of 32.
    public var resolution: Int
    /// The encoder's dense output (`ae_dims`), 32–1024.
    public var autoencoder: Int
    /// Channels of the inter codes (`inter_dims`), 32–2048.
    public var inter: Int
    /// Encoder dimensions, 16–256, even.
    public var encoder: Int
    /// Decoder dimensions, 16–256, even.
    public var decoder: Int
    /// Decoder mask dimensions, 16–256, even.
    public var decoderMask: Int

    public init(resolution: Int = 224, autoencoder: Int = 256, inter: Int = 1024, encoder: Int = 64, decoder: Int = 64,
                decoderMask: Int = 22) {
        self.resolution = resolution
        self.autoencoder = autoencoder
        self.inter = inter
        self.encoder = encoder
        self.decoder = decoder
        self.decoderMask = decoderMask
    }

    /// Side of the inter codes, `resolution / 32` (DFL's `inter_res`).
    public var interSide: Int { resolution / 32 }
}
