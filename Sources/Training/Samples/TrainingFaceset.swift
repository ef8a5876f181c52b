import Foundation

/// A training faceset as loaded: its folder (for messages) and its faces.
public struct TrainingFaceset: Sendable {
    public var folder: URL
    public var samples: [TrainingSample]

    public init(folder: URL, samples: [TrainingSample]) {
        self.folder = folder
        self.samples = samples
    }
}
