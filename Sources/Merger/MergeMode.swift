/// How a face goes back into its frame (DFL's `MergerConfigMasked.mode`, reference §8.2 step 10).
/// Raw values are DFL's names; `dflNumber` is DFL's number in its prompts and session files.
public enum MergeMode: String, CaseIterable, Sendable, Codable {
    /// The frame unchanged; the mask pipeline still runs and gives the merged mask.
    case original
    /// The predicted face pasted through the mask.
    case overlay
    /// `overlay` after matching the face's histogram to the frame's face.
    case histMatch = "hist-match"
    /// `overlay` blended by OpenCV's Poisson `seamlessClone`.
    case seamless
    /// `seamless`, then a histogram match to the frame's face.
    case seamlessHistMatch = "seamless-hist-match"
    /// The predicted square pasted without any mask (the mask is still written).
    case rawRGB = "raw-rgb"
    /// The predicted square itself, at the model's size.
    case rawPredict = "raw-predict"

    /// DFL's number: 0 `original` … 6 `raw-predict`.
    public var dflNumber: Int { Self.allCases.firstIndex(of: self)! }

    /// The mode with DFL's number, if any.
    public init?(dflNumber: Int) {
        guard Self.allCases.indices.contains(dflNumber) else { return nil }
        self = Self.allCases[dflNumber]
    }

    /// DFL's `'raw' in mode`: the mask is neither eroded nor blurred and no colour is changed.
    public var isRaw: Bool { self == .rawRGB || self == .rawPredict }
    /// DFL's `'seamless' in mode`.
    public var isSeamless: Bool { self == .seamless || self == .seamlessHistMatch }
}
