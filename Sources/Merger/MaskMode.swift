/// Which mask cuts the face out (DFL's `mask_mode`, reference §8.2 step 6): a product (or, for
/// `learned-prd+learned-dst`, a clipped sum) of the masks in `factors`. Raw values are DFL's
/// names; `dflNumber` is DFL's number.
public enum MaskMode: String, CaseIterable, Sendable, Codable {
    case full
    case dst
    case learnedPrd = "learned-prd"
    case learnedDst = "learned-dst"
    case learnedPrdTimesLearnedDst = "learned-prd*learned-dst"
    case learnedPrdPlusLearnedDst = "learned-prd+learned-dst"
    case xsegPrd = "XSeg-prd"
    case xsegDst = "XSeg-dst"
    case xsegPrdTimesXSegDst = "XSeg-prd*XSeg-dst"
    case learnedTimesXSeg = "learned-prd*learned-dst*XSeg-prd*XSeg-dst"

    /// The masks a mode combines.
    public enum Factor: Sendable, CaseIterable {
        /// The frame's landmark hull, warped to the face (`dst`).
        case landmarkHull
        /// The model's mask of its predicted face (`learned-prd`, DFL's `pred_src_dstm`).
        case learnedPredicted
        /// The model's mask of the frame's face (`learned-dst`, DFL's `pred_dst_dstm`).
        case learnedDestination
        /// The XSeg model's mask of the predicted face.
        case xsegPredicted
        /// The XSeg model's mask of the frame's face.
        case xsegDestination
    }

    /// The masks multiplied together (added and clipped for `learned-prd+learned-dst`); none
    /// for `full`.
    public var factors: [Factor] {
        switch self {
        case .full: []
        case .dst: [.landmarkHull]
        case .learnedPrd: [.learnedPredicted]
        case .learnedDst: [.learnedDestination]
        case .learnedPrdTimesLearnedDst, .learnedPrdPlusLearnedDst: [.learnedPredicted, .learnedDestination]
        case .xsegPrd: [.xsegPredicted]
        case .xsegDst: [.xsegDestination]
        case .xsegPrdTimesXSegDst: [.xsegPredicted, .xsegDestination]
        case .learnedTimesXSeg: [.learnedPredicted, .learnedDestination, .xsegPredicted, .xsegDestination]
        }
    }

    /// Whether the factors are added (and clipped to 1) rather than multiplied.
    public var addsFactors: Bool { self == .learnedPrdPlusLearnedDst }

    /// Whether the mode needs an XSeg model in the model folder.
    public var needsXSeg: Bool { factors.contains(.xsegPredicted) || factors.contains(.xsegDestination) }

    /// DFL's number: 0 `full` … 9.
    public var dflNumber: Int { Self.allCases.firstIndex(of: self)! }

    /// The mode with DFL's number, if any.
    public init?(dflNumber: Int) {
        guard Self.allCases.indices.contains(dflNumber) else { return nil }
        self = Self.allCases[dflNumber]
    }
}
