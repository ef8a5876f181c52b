import Foundation
import Imaging
import Support

extension MergeRequest {
    /// The frame a preview shows: given by its file name, its stem, or its number in the
    /// frames' order (from 1).
    public func frame(named name: String) throws -> URL {
        let frames = try frames()
        if let match = frames.first(where: { $0.lastPathComponent == name || $0.deletingPathExtension().lastPathComponent == name }) {
            return match
        }
        if let number = Int(name), (1...frames.count).contains(number) { return frames[number - 1] }
        throw MergerError("\(framesFolder.path) has no frame '\(name)': give a frame's file name, its stem or its number (1–\(frames.count))")
    }

    /// `masque merge --preview FRAME`: merges the one frame with `session`'s settings for it and
    /// writes `original | merged | mask` side by side as one PNG to `url`, without touching the
    /// merged folders. Returns the settings used.
    @discardableResult
    public func preview(frame name: String, model: MergeModel, session: MergeSession, to url: URL) throws -> MergeSettings {
        let frame = try frame(named: name)
        let frames = try frames()
        let index = frames.firstIndex(of: frame)!
        let stems = frames.map { $0.deletingPathExtension().lastPathComponent }
        let alignments = try FrameAlignments.read(alignedFolder: alignedFolder)
        let stem = stems[index]
        let settings = try session.settings(forFrame: stem)
        let batch = FrameBatch(model: model, workers: workers, seed: seed)
        let result = try batch.merge([FrameBatch.Frame(url: frame, index: index, landmarks: alignments.faces[stem] ?? [], settings: settings,
                                                       motion: alignments.motions(frameStems: stems)[index])])[0]
        let original = try Image(contentsOf: frame, mode: .color)
        let mask = result.mask.converted(.grayToBgr)
        let height = original.height
        let panels = [original, result.image, mask].map { panel in
            panel.height == height ? panel
                : panel.resized(width: max(1, panel.width * height / panel.height), height: height, interpolation: .cubic)
        }
        var sheet = Image(width: panels.reduce(0) { $0 + $1.width }, height: height, channels: 3, format: .uint8)
        var x = 0
        for panel in panels {
            sheet.paste(panel, x: x, y: 0)
            x += panel.width
        }
        try Self.write(sheet, label: model.label, to: url)
        return settings
    }
}
