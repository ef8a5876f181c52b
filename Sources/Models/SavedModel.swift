import Foundation
import Support
import Training

/// A model in a model folder: Masque's save (`<name>_<Class>/` holding `state.json`) or DFL's
/// files (`<name>_<Class>_data.dat` and the weight files beside it, reference §5.9). XSeg's name
/// is always `XSeg`: its save is `XSeg/`, its DFL files `XSeg_256.npy` and `XSeg_data.dat`, of
/// which either makes a model (DFL's generic XSeg folder holds the weights alone).
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
            if let name = saveName(entry, kind: kind), PathKind.of(url.appendingPathComponent("state.json")) == .file {
                found[name] = SavedModel(name: name, kind: kind, format: .masque, modified: modified(url.appendingPathComponent("state.json")))
            } else if let name = dflName(entry, kind: kind), found[name]?.format != .masque {
                let date = max(modified(url), found[name]?.modified ?? .distantPast)
                found[name] = SavedModel(name: name, kind: kind, format: .dfl, modified: date)
            }
        }
        return found.values.sorted { ($0.modified, $1.name) > ($1.modified, $0.name) }
    }

    /// The model name of Masque's save folder `entry` of `kind` (`<name>_<Class>`, XSeg's `XSeg`).
    private static func saveName(_ entry: String, kind: TrainingRequest.ModelKind) -> String? {
        if kind == .xseg { return entry == DFLTrainedModel.xsegClass ? entry : nil }
        let suffix = "_\(kind.className)"
        return entry.hasSuffix(suffix) ? String(entry.dropLast(suffix.count)) : nil
    }

    /// The model name of DFL's file `entry` of `kind`: `<name>_<Class>_data.dat`, or for XSeg
    /// `XSeg_data.dat` and `XSeg_<R>.npy`.
    private static func dflName(_ entry: String, kind: TrainingRequest.ModelKind) -> String? {
        if kind == .xseg {
            let name = DFLTrainedModel.xsegClass
            return entry == "\(name)_data.dat" || XSegDFLFiles.resolution(ofWeightFile: entry) != nil ? name : nil
        }
        return entry.hasSuffix("_\(kind.className)_data.dat") ? String(entry.prefix { $0 != "_" }) : nil
    }

    /// The kinds of model `folder` holds, in `ModelKind` order.
    public static func kinds(in folder: URL) -> [TrainingRequest.ModelKind] {
        TrainingRequest.ModelKind.allCases.filter { !list(in: folder, kind: $0).isEmpty }
    }

    /// The kind a command works on: `given`, else the only kind `folder` holds, else SAEHD (when the
    /// folder holds none, or several — DFL's `workspace/model` keeps XSeg beside the swap model).
    public static func kind(in folder: URL, given: TrainingRequest.ModelKind?) -> TrainingRequest.ModelKind {
        if let given { return given }
        let found = kinds(in: folder)
        return found.count == 1 ? found[0] : .saehd
    }

    /// The model a command works on: the one named `name` (for training, a new name is a new
    /// model), else the only one in the folder, else `new` for training when there is none.
    /// Throws listing the choices when there are several and none was named, and, where a model
    /// must exist (`mustExist`), naming the folder when it does not.
    public static func choose(in folder: URL, kind: TrainingRequest.ModelKind, name: String?, mustExist: Bool) throws -> String {
        let models = list(in: folder, kind: kind)
        if !mustExist, kind.swapsFaces, !models.contains(where: { $0.name == name }) {
            try refuseOtherSwapKind(in: folder, kind: kind, name: name)
        }
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
                let advice = kind == .xseg ? "train one with masque xseg train, or copy DFL's XSeg model folder (XSeg_256.npy) there"
                    : "train one with masque train \(kind.rawValue)"
                throw TrainingError("\(folder.path) holds no \(kind.className) model: \(advice), or give --model-dir")
            }
            return "new"
        case 1:
            return models[0].name
        default:
            throw TrainingError("\(folder.path) holds several \(kind.className) models (\(models.map(\.name).joined(separator: ", "))): pick one with --model-name")
        }
    }

    /// Refuses to start a new `kind` model where the model meant is of another swap kind: the
    /// model `name` exists only as another kind, or (no name given) the folder holds no `kind`
    /// model but one of another swap kind (an AMP folder given to `train saehd`, or the reverse).
    private static func refuseOtherSwapKind(in folder: URL, kind: TrainingRequest.ModelKind, name: String?) throws {
        for other in TrainingRequest.ModelKind.allCases where other.swapsFaces && other != kind {
            let models = list(in: folder, kind: other)
            let found = name.map { name in models.filter { $0.name == name } } ?? (list(in: folder, kind: kind).isEmpty ? models : [])
            guard let model = found.first else { continue }
            throw TrainingError("\(folder.path) holds the \(other.className) model '\(model.name)', which masque train \(kind.rawValue) does not train: train it with masque train \(other.rawValue), or give another --model-dir (or --model-name for a new \(kind.className) model)")
        }
    }
}
