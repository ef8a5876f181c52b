/// The stages `masque demo` runs, in order. Each is the same library call as the command named
/// in `command`; later stages (XSeg, merge, video) join this list as they land.
public enum DemoStage: String, Sendable, CaseIterable, Comparable {
    /// Films `data_src.mp4` and `data_dst.mp4` from the two portraits.
    case clips
    /// `masque extract-frames` for both videos.
    case frames
    /// `masque extract-faces src` and `dst` (with debug images).
    case faces
    /// `masque sort` of the src faceset.
    case sort
    /// `masque faceset info` of both facesets.
    case info
    /// `masque train saehd` of a small SAEHD model on the two facesets, resumable.
    case train
    /// DFL's XSeg steps: label polygons for both facesets (the landmark hull of each face, as a
    /// user would draw them, through `masque xseg labels import`), `masque xseg train` for a few
    /// iterations, `masque xseg apply src` and `dst`. After SAEHD's training, so the SAEHD demo
    /// trains on the landmark hull rather than on a barely trained XSeg model's masks.
    case xseg
    /// `masque merge`: the trained model's face merged into every dst frame (`data_dst/merged`,
    /// `merged_mask`), each PNG labelled as synthetic media.
    case merge
    /// `masque video-from-frames` of the merged frames with data_dst.mp4's sound (`result.mp4`)
    /// and of the masks (`result_mask.mp4`, lossless), then `masque verify result.mp4`.
    case video

    /// The command a user runs for this stage on a real workspace.
    public var command: String {
        switch self {
        case .clips: "(your own footage: copy it to workspace/data_src.mp4 and data_dst.mp4)"
        case .frames: "masque extract-frames workspace/data_src.mp4; masque extract-frames workspace/data_dst.mp4"
        case .faces: "masque extract-faces src; masque extract-faces dst"
        case .sort: "masque sort workspace/data_src/aligned --method \(DemoRun.sortMethod)"
        case .info: "masque faceset info workspace/data_src/aligned; masque faceset info workspace/data_dst/aligned"
        case .train: "masque train saehd"
        case .xseg: "masque xseg labels import src --file labels.json (or draw them); masque xseg train; masque xseg apply src; masque xseg apply dst"
        case .merge: "masque merge --set blur_mask_modifier=\(DemoRun.mergeBlur) (or --preview FRAME to tune)"
        case .video: "masque video-from-frames workspace/data_dst/merged --audio-from workspace/data_dst.mp4 --out workspace/result.mp4; masque verify workspace/result.mp4"
        }
    }

    public static func < (lhs: DemoStage, rhs: DemoStage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
