import Support

/// Failures of reading or writing synthetic-media labels. Each message is one line naming the file.
public enum ProvenanceError: MasqueError, Equatable {
    /// The file (or data) is not a PNG, or its chunks are damaged; `reason` says where.
    case damagedPNG(path: String, reason: String)
    /// The file carries Masque's label, but the label cannot be read.
    case unreadableLabel(path: String, reason: String)
    /// The file carries no synthetic-media label.
    case noLabel(path: String)
    /// Two weight files given for one digest share a name, so their order would be ambiguous.
    case duplicateWeightFileName(name: String)
    /// A label field holds a value a label cannot carry.
    case invalidLabelField(field: String, reason: String)

    public var message: String {
        switch self {
        case .damagedPNG(let path, let reason):
            return "\(path) is not a complete, undamaged PNG (\(reason)); re-create it from its source"
        case .unreadableLabel(let path, let reason):
            return "\(path) carries a Masque synthetic-media label that cannot be read (\(reason)); treat the file as synthetic media"
        case .noLabel(let path):
            return "no synthetic-media label found in \(path) (labels can be removed, so this does not show that the file is authentic)"
        case .duplicateWeightFileName(let name):
            return "two weight files are named \(name); give files with distinct names, or hash their folder"
        case .invalidLabelField(let field, let reason):
            return "synthetic-media label field \(field) \(reason)"
        }
    }
}
