import Foundation
import Support
import Training

/// A swap model in a model folder: Masque's save (`<name>_<Class>/` holding `state.json`) or
/// DFL's files (`<name>_<Class>_data.dat` and the weight files beside it, reference §5.9).
public struct SavedModel: Sendable, Equatable {
    /// Where the model's weights are.
    public enum Format: String, Sendable { case masque, dfl }

    public var name: String
    public var kind: TrainingRequest.ModelKind
    public var format: Format
    public var modified: Date

    /// The models of `kind` in `folder`, newest first (DFL's order); a name with both a Masque
    /// save and DFL files is listed once, as Masque's (training continues from it).
    public static func list(in folder: URL, kind: TrainingRequest.ModelKind) -> [SavedModel] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var found: [String: SavedModel] = [:]
        func modified(_ url: URL) -> Date {
            (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        }
        for entry in entries where !entry.hasPrefix(".") {
            let url = folder.appendingPathComponent(entry)
            let saveSuffix = "_\(kind.className)", dataSuffix = "_\(kind.className)_data.dat"
            if entry.hasSuffix(saveSuffix), PathKind.of(url.appendingPathComponent("state.json")) == .file {
                let name = String(entry.dropLast(saveSuffix.count))
                found[name] = SavedModel(name: name, kind: kind, format: .masque, modified: modified(url.appendingPathComponent("state.json")))
            } else if entry.hasSuffix(dataSuffix) {
                let name = String(entry.prefix { $0 != "_" })
                if found[name]?.format != .masque {
                    found[name] = SavedModel(name: name, kind: kind, format: .dfl, modified: modified(url))
                }
            }
        }
        return found.values.sorted { ($0.modified, $1.name) > ($1.modified, $0.name) }
    }

    /// The model a command works on: the one named `name` (for training, a new name is a new
    /// model), else the only one in the folder, else `new` for training when there is none.
    /// Throws listing the choices when there are several and none was named, and, where a model
    /// must exist (`mustExist`), naming the folder when it does not.
    public static func choose(in folder: URL, kind: TrainingRequest.ModelKind, name: String?, mustExist: Bool) throws -> String {
        let models = list(in: folder, kind: kind)
        if let name {
            guard !mustExist || models.contains(where: { $0.name == name }) else {
                throw TrainingError("\(folder.path) has no \(kind.className) model named '\(name)'"
                    + (models.isEmpty ? "" : " (it has: \(models.map(\.name).joined(separator: ", ")))"))
            }
            return name
        }
        switch models.count {
        case 0:
            guard !mustExist else {
                throw TrainingError("\(folder.path) holds no \(kind.className) model: train one with masque train \(kind.rawValue), or give --model-dir")
            }
            return "new"
        case 1:
            return models[0].name
        default:
            throw TrainingError("\(folder.path) holds several \(kind.className) models (\(models.map(\.name).joined(separator: ", "))): pick one with --model-name")
        }
    }
}
