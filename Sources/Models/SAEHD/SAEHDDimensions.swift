/// The shape-defining SAEHD options, fixed when a model is created (reference §5.2).
public struct SAEHDDimensions: Sendable, Hashable {
    /// Face side in pixels (64–640, see `SAEHDArchitecture.roundedResolution`).
    public var resolution: Int
    /// Autoencoder (bottleneck) dimensions, 32–1024.
    public var autoencoder: Int
    /// Encoder dimensions, 16–256, even.
    public var encoder: Int
    /// Decoder dimensions, 16–256, even.
    public var decoder: Int
    /// Decoder mask dimensions, 16–256, even.
    public var decoderMask: Int

    public init(resolution: Int = 128, autoencoder: Int = 256, encoder: Int = 64, decoder: Int = 64, decoderMask: Int = 22) {
        self.resolution = resolution
        self.autoencoder = autoencoder
        self.encoder = encoder
        self.decoder = decoder
        self.decoderMask = decoderMask
    }
}
