import Foundation

/// A model DFL trained, in a model folder (reference §5.9): `<name>_<Class>_data.dat` and one
/// `<name>_<Class>_<part>.npy` per network part, e.g. `new_SAEHD_encoder.npy`. XSeg's name is
/// forced to `XSeg` (`models/Model_XSeg/Model.py`), so its files are `XSeg_data.dat` and
/// `XSeg_256.npy` (reference §4.3). `SavedModel` lists the models of a folder and picks one.
public struct DFLTrainedModel: Sendable, Equatable {
    public let folder: URL
    /// The model's name (the part of the file names before the first `_`; `XSeg` for XSeg).
    public let name: String
    /// DFL's model class: `SAEHD`, `Quick96`, `AMP`, `XSeg`.
    public let modelClass: String

    /// DFL's XSeg class name, which is also its model name.
    public static let xsegClass = "XSeg"

    public init(folder: URL, name: String, modelClass: String) {
        self.folder = folder
        self.name = modelClass == Self.xsegClass ? Self.xsegClass : name
        self.modelClass = modelClass
    }

    /// DFL's model name, the prefix of every file (`ModelBase.get_strpath_storage_for_file`):
    /// `<name>_<Class>`, or `XSeg` alone.
    public var prefix: String { modelClass == Self.xsegClass ? Self.xsegClass : "\(name)_\(modelClass)" }
    /// `<prefix>_<file>` in the folder.
    public func file(_ suffix: String) -> URL { folder.appendingPathComponent("\(prefix)_\(suffix)") }
    /// `<prefix>_data.dat`.
    public var dataFile: URL { file("data.dat") }
    /// The weight file of a network part (`encoder` → `<name>_<Class>_encoder.npy`; XSeg's part
    /// is its resolution, `256` → `XSeg_256.npy`).
    public func weightFile(_ part: String) -> URL { file("\(part).npy") }
}
