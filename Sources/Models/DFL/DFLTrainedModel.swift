import Foundation

/// A model DFL trained, in a model folder (reference §5.9): `<name>_<Class>_data.dat` and one
/// `<name>_<Class>_<part>.npy` per network part, e.g. `new_SAEHD_encoder.npy`. `SavedModel`
/// lists the models of a folder and picks one.
public struct DFLTrainedModel: Sendable, Equatable {
    public let folder: URL
    /// The model's name (the part of the file names before the first `_`).
    public let name: String
    /// DFL's model class: `SAEHD`, `Quick96`, `AMP`.
    public let modelClass: String

    public init(folder: URL, name: String, modelClass: String) {
        self.folder = folder
        self.name = name
        self.modelClass = modelClass
    }

    /// `<name>_<Class>_<file>` in the folder.
    public func file(_ suffix: String) -> URL { folder.appendingPathComponent("\(name)_\(modelClass)_\(suffix)") }
    /// `<name>_<Class>_data.dat`.
    public var dataFile: URL { file("data.dat") }
    /// The weight file of a network part (`encoder` → `<name>_<Class>_encoder.npy`).
    public func weightFile(_ part: String) -> URL { file("\(part).npy") }
}
