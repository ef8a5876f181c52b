import Foundation

/// One stream of sample batches a model reads (an entry of DFL's `ModelBase` generator list):
/// faces, how each is processed, and whether every training step takes a batch (SAEHD's src and
/// dst, XSeg's labelled faces) or only previews do (XSeg's plain src and dst faces). The trainer
/// makes one `SampleQueue` per stream.
public struct SampleStream: Sendable {
    /// The faces drawn from.
    public var samples: [TrainingSample]
    /// How each face becomes the step's input.
    public var processor: any SampleProcessing
    /// Whether training steps take its batches (made ahead in the background); otherwise only
    /// previews read it, and its batches are made when needed.
    public var trains: Bool
    /// The faces a colour transfer recolours towards (SAEHD's dst faces for src with `ct_mode`).
    public var colorReferences: [TrainingSample]

    public init(samples: [TrainingSample], processor: any SampleProcessing, trains: Bool = true,
                colorReferences: [TrainingSample] = []) {
        self.samples = samples
        self.processor = processor
        self.trains = trains
        self.colorReferences = colorReferences
    }
}
