/// DFL's SAEHD `archi` option (reference §5.2–5.3): `df` or `liae`, optionally followed by `-`
/// and letters from `u`, `d`, `t`, `c` (e.g. `liae-ud`, DFL's default).
public struct SAEHDArchitecture: Sendable, Hashable, CustomStringConvertible {
    /// How the two identities share the network.
    public enum Base: String, Sendable, CaseIterable {
        /// One shared `inter`, a decoder per identity (`decoder_src`, `decoder_dst`).
        case df
        /// `inter_AB` and `inter_B` feeding one shared `decoder`.
        case liae
    }

    public var base: Base
    /// `u`: pixel norm on the encoder's flattened output.
    public var pixelNorm: Bool
    /// `d`: the network runs at half resolution and a 2× depth-to-space doubles it at the end.
    public var doubleResolution: Bool
    /// `t`: a deeper encoder and decoder (one more downscale and upscale, residual blocks).
    public var deeper: Bool
    /// `c`: `x·cos(x)` instead of leaky ReLU everywhere.
    public var cosineActivation: Bool

    public init(base: Base, pixelNorm: Bool = false, doubleResolution: Bool = false, deeper: Bool = false,
                cosineActivation: Bool = false) {
        self.base = base
        self.pixelNorm = pixelNorm
        self.doubleResolution = doubleResolution
        self.deeper = deeper
        self.cosineActivation = cosineActivation
    }

    /// DFL's default, `liae-ud`.
    public static let dflDefault = SAEHDArchitecture(base: .liae, pixelNorm: true, doubleResolution: true)

    /// Parses an `archi` value as DFL accepts it: `df` or `liae`, then nothing or `-` and a
    /// non-empty set of `u d t c` letters, each at most once. Nil otherwise (DFL asks again).
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let base = Base(rawValue: String(parts[0])) else { return nil }
        self.init(base: base)
        guard parts.count == 2 else { return }
        let letters = Array(parts[1])
        guard !letters.isEmpty, Set(letters).count == letters.count, letters.allSatisfy("udtc".contains) else { return nil }
        pixelNorm = letters.contains("u")
        doubleResolution = letters.contains("d")
        deeper = letters.contains("t")
        cosineActivation = letters.contains("c")
    }

    /// The option's text, letters in DFL's order (`liae-udtc`).
    public var description: String {
        let letters = [(pixelNorm, "u"), (doubleResolution, "d"), (deeper, "t"), (cosineActivation, "c")]
            .filter(\.0).map(\.1).joined()
        return letters.isEmpty ? base.rawValue : "\(base.rawValue)-\(letters)"
    }

    /// Every architecture: both bases with every subset of the four letters.
    public static var all: [SAEHDArchitecture] {
        Base.allCases.flatMap { base in
            (0..<16).map { bits in
                SAEHDArchitecture(base: base, pixelNorm: bits & 1 != 0, doubleResolution: bits & 2 != 0,
                                  deeper: bits & 4 != 0, cosineActivation: bits & 8 != 0)
            }
        }
    }

    /// The step a resolution is rounded to: 32 with -D, 16 otherwise.
    public var resolutionStep: Int { doubleResolution ? 32 : 16 }

    /// DFL's resolution rule: multiples of 16 (of 32 with `d`), clipped to 64–640.
    public func roundedResolution(_ resolution: Int) -> Int {
        SwapModelOptionResolution.rounded(resolution, step: resolutionStep)
    }
}
