/// Every sort method, in DFL's interactive menu order, keyed by DFL's method names, then
/// Masque's own (`identity`).
public enum SortMethodTable {
    /// The registered methods; a new method is one file conforming to `SortMethod` plus one
    /// entry here.
    public static let methods: [any SortMethod] = [
        BlurSort(),
        MotionBlurSort(),
        FaceYawSort(),
        FacePitchSort(),
        SourceRectSizeSort(),
        HistogramSimilaritySort(),
        HistogramDissimilaritySort(),
        BrightnessSort(),
        HueSort(),
        BlackPixelSort(),
        OriginalFilenameSort(),
        OneFaceSort(),
        AbsoluteDifferenceSort(),
        BestFacesSort(sharpness: .cpbd),
        BestFacesSort(sharpness: .sourceRectArea),
        IdentitySort(),
    ]

    /// The method names in menu order.
    public static var names: [String] { methods.map(\.name) }

    /// DFL's default menu choice, `hist`.
    public static let defaultName = "hist"

    /// The method called `name` (case-insensitive, as DFL lower-cases `--by`).
    public static func method(named name: String) throws(SortError) -> any SortMethod {
        guard let method = methods.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownMethod(name)
        }
        return method
    }
}
