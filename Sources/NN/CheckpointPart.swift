import Tensors

/// An optional network part saved beside a checkpoint's main model, in its own files
/// (`<name>.safetensors`, `<name>.optimizer.safetensors`): a discriminator that exists only
/// while its option is on. Like DFL's `load_weights`, a part whose files are absent is left as
/// built (fresh), so turning such an option on later needs no migration.
public struct CheckpointPart {
    /// File stem, e.g. `code_discriminator`, `GAN` (DFL's file suffixes).
    public var name: String
    public var module: Module
    public var optimizer: Optimizer?

    public init(name: String, module: Module, optimizer: Optimizer?) {
        self.name = name
        self.module = module
        self.optimizer = optimizer
    }

    var weightsFile: String { "\(name).safetensors" }
    var optimizerFile: String { "\(name).optimizer.safetensors" }
}
