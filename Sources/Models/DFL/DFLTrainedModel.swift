import DFLFormats
import FaceAnalysis
import Foundation

/// A model DFL trained, in a model folder (reference §5.9): `<name>_<Class>_data.dat` and one
/// `<name>_<Class>_<part>.npy` per network part, e.g. `new_SAEHD_encoder.npy`.
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

    /// The names of the `modelClass` models in `folder`, newest data file first (DFL's order).
    public static func names(in folder: URL, modelClass: String) -> [String] {
        let suffix = "_\(modelClass)_data.dat"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let found = names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.map { file -> (String, Date) in
            let date = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file).path)[.modificationDate] as? Date)
                ?? .distantPast
            return (String(file.prefix { $0 != "_" }), date)
        }
        return found.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// The model named `name`, or the only one in the folder. Throws naming the choices when
    /// there are several and none was named, or naming the folder when there is none.
    public static func select(in folder: URL, modelClass: String, name: String?) throws(DFLModelError) -> DFLTrainedModel {
        let names = names(in: folder, modelClass: modelClass)
        if let name {
            guard names.contains(name) else {
                throw DFLModelError("\(folder.path) has no \(modelClass) model named '\(name)'"
                    + (names.isEmpty ? " (no <name>_\(modelClass)_data.dat there)" : " (it has: \(names.joined(separator: ", ")))"))
            }
            return DFLTrainedModel(folder: folder, name: name, modelClass: modelClass)
        }
        guard let first = names.first else {
            throw DFLModelError("\(folder.path) holds no DFL \(modelClass) model (no <name>_\(modelClass)_data.dat): give the folder DFL trained in")
        }
        guard names.count == 1 else {
            throw DFLModelError("\(folder.path) holds several \(modelClass) models (\(names.joined(separator: ", "))): pick one with --model-name")
        }
        return DFLTrainedModel(folder: folder, name: first, modelClass: modelClass)
    }
}
