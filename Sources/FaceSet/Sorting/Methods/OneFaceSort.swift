import Foundation

/// `oneface`: keeps only frames with a single face. File stems of the extractor's form
/// `<frame>_<face index>` (two parts, ASCII digits) are parsed; every file of a frame that
/// has a face with index ≠ 0 goes to the trash folder, all other files are kept in incoming
/// order. When no such frame exists nothing is renamed or moved (DFL then suggests
/// recovering the original file names first). DFL applies the indices of the parsed names
/// to the full file list, trashing the wrong files when a name does not parse, and stops on
/// non-numeric parts; here names that do not parse are simply kept.
public struct OneFaceSort: SortMethod {
    public let name = "oneface"
    public let summary = "one face in image"
    public let readsMetadata = false

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let parsed = faces.map { Self.frameAndFace(of: $0.url) }
        let multiFaceFrames = Set(parsed.compactMap { $0 }.filter { $0.face != 0 }.map(\.frame))
        let trashed = faces.indices.filter { parsed[$0].map { multiFaceFrames.contains($0.frame) } ?? false }
        let none = [Double?](repeating: nil, count: faces.count)
        guard !trashed.isEmpty else { return SortOutcome(kept: [], trashed: [], scores: none) }
        let trashedSet = Set(trashed)
        return SortOutcome(kept: faces.indices.filter { !trashedSet.contains($0) }, trashed: trashed, scores: none)
    }

    /// (frame, face index) from a stem like `00012_1`, or nil.
    static func frameAndFace(of url: URL) -> (frame: Int, face: Int)? {
        let parts = url.deletingPathExtension().lastPathComponent.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let frame = Int(parts[0]), let face = Int(parts[1]) else { return nil }
        return (frame, face)
    }
}
