import ArgumentParser
import Media
import Tensors

extension FrameExtraction.ImageFormat: ExpressibleByArgument {}

extension VideoEncoding.Container: ExpressibleByArgument {}

extension FrameRate: ExpressibleByArgument {
    /// Accepts `30000/1001`, `25` or `29.97`.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension ProcessGroup.Backend: ExpressibleByArgument {
    /// Accepts `gloo` or `nccl`.
    public init?(argument: String) {
        guard let backend = Self.allCases.first(where: { $0.description == argument.lowercased() }) else { return nil }
        self = backend
    }
}
