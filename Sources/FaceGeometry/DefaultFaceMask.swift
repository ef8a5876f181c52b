import Support

/// The mask a face gets where a mask is needed (masked training, style powers, the merger's
/// masks) and no XSeg mask was applied to it.
///
/// `hull` is DFL's (`facelib/LandmarksProcessor.py get_image_hull_mask`, reference §8.3): the
/// 68-landmark hull with the eyebrows raised, which stops at the brows. `mesh` adds the hull of
/// the 468-point face mesh, which reaches up over the forehead, for whole_face and head faces
/// (the crops that show the forehead); other face types keep DFL's hull.
public enum DefaultFaceMask: String, Sendable, CaseIterable {
    /// DFL's landmark hull with eyebrow expansion.
    case hull
    /// DFL's hull together with the hull of the face mesh (whole_face and head).
    case mesh

    /// The option, declared once: training's and the merger's `default_mask`.
    public static let option = OptionDescriptor(
        "default_mask", prompt: "Default mask",
        help: "Mask of faces without an applied XSeg mask: hull (DFL's landmark hull, up to the eyebrows) or mesh (whole_face and head: the face mesh's hull, which covers the forehead).",
        kind: .choice(values: allCases.map(\.rawValue)), default: .string(hull.rawValue))

    /// The kind an options dict names under `default_mask`; `hull` when it names none.
    public init(options: [String: OptionValue]) {
        self = options[Self.option.name]?.stringValue.flatMap(DefaultFaceMask.init(rawValue:)) ?? .hull
    }

    /// Whether faces cropped as `faceType` get the mesh hull.
    public func usesMesh(for faceType: FaceType) -> Bool {
        self == .mesh && [.wholeFace, .head, .headNoAlign].contains(faceType)
    }
}
