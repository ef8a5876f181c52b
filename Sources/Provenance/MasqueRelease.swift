/// Masque's release, as labels and `masque --version` name it.
public enum MasqueRelease {
    /// The version of this release.
    public static let version = "0.1.0"

    /// The generator named in synthetic-media labels: `Masque <version>`.
    public static var generator: String { "Masque \(version)" }
}
