/// DFL's crop type of an aligned face (`facelib/FaceType.py`), with DFL's numeric values; the
/// order of the values is meaningful (`faceType >= .head` selects 3D landmarks in DFL).
public enum FaceType: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case half = 0
    case midFull = 1
    case full = 2
    case fullNoAlign = 3
    case wholeFace = 4
    case head = 10
    case headNoAlign = 20
    case markOnly = 100

    /// The name DFL stores in an aligned JPEG (`face_type` key), e.g. `"whole_face"`.
    public var name: String {
        switch self {
        case .half: return "half_face"
        case .midFull: return "midfull_face"
        case .full: return "full_face"
        case .fullNoAlign: return "full_face_no_align"
        case .wholeFace: return "whole_face"
        case .head: return "head"
        case .headNoAlign: return "head_no_align"
        case .markOnly: return "mark_only"
        }
    }

    /// The short form of DFL's model options (`h`, `mf`, `f`, `wf`, `head`); nil for the types
    /// a model cannot be trained on.
    public var shortName: String? {
        switch self {
        case .half: return "h"
        case .midFull: return "mf"
        case .full: return "f"
        case .wholeFace: return "wf"
        case .head: return "head"
        case .fullNoAlign, .headNoAlign, .markOnly: return nil
        }
    }

    /// The face type DFL stores under `name` (`FaceType.fromString`).
    public init?(name: String) {
        guard let match = FaceType.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// The face type of a model option's short form.
    public init?(shortName: String) {
        guard let match = FaceType.allCases.first(where: { $0.shortName == shortName }) else { return nil }
        self = match
    }

    /// The face type an option names, in DFL's long form (`whole_face`) or its short form (`wf`);
    /// the one parser every command and option file uses.
    public init?(option text: String) {
        let lowered = text.lowercased()
        guard let match = FaceType(name: lowered) ?? FaceType(shortName: lowered) else { return nil }
        self = match
    }

    public static func < (lhs: FaceType, rhs: FaceType) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { name }
}
