/// How alike two images must be to count as near-duplicates, from 1 (strictest) to 5
/// (loosest), as VisiPics users pick a filter level.
///
/// The measure: each image becomes a 16x16 gray thumbnail (`COLOR_BGR2GRAY`, then
/// `INTER_AREA` resize) standardised to zero mean and unit standard deviation, so global
/// brightness and contrast changes do not count; the distance of two images is the mean
/// absolute difference of their thumbnails, in standard deviations. For 128-pixel aligned
/// faces a shift by one pixel gives about 0.07, a 2° rotation about 0.1, a different
/// pose or crop of the same person 0.18 and more.
public enum DedupeLevel: Int, Sendable, Hashable, CaseIterable {
    /// Same picture: re-encoded, slightly blurred, brighter or darker (≤ 0.03).
    case identical = 1
    /// Same frame moved by under half a pixel per 128 (≤ 0.06).
    case nearlyIdentical = 2
    /// Neighbouring video frames: about a pixel per 128 or 2° apart (≤ 0.11).
    case close = 3
    /// About two pixels per 128 apart (≤ 0.16).
    case similar = 4
    /// Loose: about three pixels per 128 apart (≤ 0.22).
    case loose = 5

    /// The largest thumbnail distance that counts as a duplicate at this level.
    public var threshold: Double {
        switch self {
        case .identical: 0.03
        case .nearlyIdentical: 0.06
        case .close: 0.11
        case .similar: 0.16
        case .loose: 0.22
        }
    }

    /// The level numbered `number` (1…5).
    public init(number: Int) throws(SortError) {
        guard let level = DedupeLevel(rawValue: number) else { throw .unknownDedupeLevel(number) }
        self = level
    }
}
