/// A colour-space conversion (`cv2.cvtColor` codes). For `float32` images the results use
/// OpenCV's float ranges: LAB has L in 0…100 and a, b in about −127…127; HSV has H in
/// 0…360 and S, V in 0…1 (BGR in 0…1). For `uint8` images LAB is scaled to 0…255
/// (a, b offset by 128) and H is 0…180.
public enum ColorConversion: Sendable, CaseIterable {
    /// BGR to CIE L*a*b* (`COLOR_BGR2LAB`).
    case bgrToLab
    /// CIE L*a*b* to BGR (`COLOR_LAB2BGR`).
    case labToBgr
    /// BGR to HSV (`COLOR_BGR2HSV`).
    case bgrToHsv
    /// HSV to BGR (`COLOR_HSV2BGR`).
    case hsvToBgr
    /// BGR to one luma channel, 0.299 R + 0.587 G + 0.114 B (`COLOR_BGR2GRAY`).
    case bgrToGray
    /// BGRA to one luma channel, ignoring alpha (`COLOR_BGRA2GRAY`).
    case bgraToGray
    /// One gray channel to three equal ones (`COLOR_GRAY2BGR`).
    case grayToBgr
    /// BGR to RGB channel order (`COLOR_BGR2RGB`); also RGB to BGR.
    case bgrToRgb
    /// Drops the alpha channel (`COLOR_BGRA2BGR`).
    case bgraToBgr

    var cvCode: Int32 {
        switch self {
        case .bgrToLab: 44
        case .labToBgr: 56
        case .bgrToHsv: 40
        case .hsvToBgr: 54
        case .bgrToGray: 6
        case .bgraToGray: 10
        case .grayToBgr: 8
        case .bgrToRgb: 4
        case .bgraToBgr: 1
        }
    }

    /// Channels the source must have.
    public var inputChannels: Int {
        switch self {
        case .grayToBgr: 1
        case .bgraToGray, .bgraToBgr: 4
        default: 3
        }
    }

    /// Channels of the result.
    public var outputChannels: Int {
        switch self {
        case .bgrToGray, .bgraToGray: 1
        default: 3
        }
    }
}
