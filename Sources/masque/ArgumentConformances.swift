import ArgumentParser
import Media

extension FrameExtraction.ImageFormat: ExpressibleByArgument {}

extension VideoEncoding.Container: ExpressibleByArgument {}

extension FrameRate: ExpressibleByArgument {
    /// Accepts `30000/1001`, `25` or `29.97`.
    public init?(argument: String) {
        self.init(argument)
    }
}
