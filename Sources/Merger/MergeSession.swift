import Foundation
import Support

/// A clip's merge settings, kept in the workspace so a merge resumes and can be tuned frame by
/// frame (DFL keeps them in `<model>_merger_session.dat`): the settings of the clip, per-frame
/// overrides (only the keys that differ), and which frames are finished with which settings and
/// model. Stored as JSON with DFL's setting keys; written atomically.
public struct MergeSession: Sendable, Equatable {
    /// The file's name in the frames folder (`workspace/data_dst/merge_session.json`).
    public static let fileName = "merge_session.json"

    /// The clip's settings.
    public var settings: MergeSettings
    /// Settings that differ for some frames, by frame stem and DFL key.
    public var overrides: [String: [String: OptionValue]]
    /// Finished frames: the fingerprint of the model and settings each was merged with.
    public var finished: [String: String]

    public init(settings: MergeSettings = MergeSettings(), overrides: [String: [String: OptionValue]] = [:], finished: [String: String] = [:]) {
        self.settings = settings
        self.overrides = overrides
        self.finished = finished
    }

    /// The settings of the frame `stem`: the clip's with its overrides.
    public func settings(forFrame stem: String) throws -> MergeSettings {
        guard let values = overrides[stem], !values.isEmpty else { return settings }
        return try settings.applying(values, source: "the overrides of frame \(stem)").settings
    }

    /// The session with `values` (DFL keys) applied: to the clip's settings, or as overrides of
    /// the frame `frame` (its stem) when given. Notes say what was clamped.
    public func updating(_ values: [String: OptionValue], frame: String?, source: String, clamping: Bool = true) throws -> (session: MergeSession, notes: [String]) {
        var session = self
        _ = try MergeSettings().applying(values, source: source, clamping: clamping)
        if let frame {
            let merged = (overrides[frame] ?? [:]).merging(values) { $1 }
            let (settings, notes) = try self.settings.applying(merged, source: source)
            let clip = self.settings.options
            session.overrides[frame] = settings.options.filter { clip[$0.key] != $0.value }
            if session.overrides[frame]!.isEmpty { session.overrides[frame] = nil }
            return (session, notes)
        }
        let (settings, notes) = try self.settings.applying(values, source: source)
        session.settings = settings
        return (session, notes)
    }

    /// Whether some frame's settings blend in super-resolution.
    public var needsEnhancer: Bool {
        settings.superResolutionPower != 0
            || overrides.keys.contains { (try? self.settings(forFrame: $0).superResolutionPower) ?? 0 != 0 }
    }

    /// Whether some frame's settings need the XSeg model.
    public var needsSegmenter: Bool {
        settings.maskMode.needsXSeg || overrides.keys.contains { (try? self.settings(forFrame: $0).maskMode.needsXSeg) == true }
    }

    /// Whether some frame's settings may take the face mesh's hull (`default_mask` mesh with the
    /// `dst` hull; used for whole_face and head models).
    public var needsFaceMesh: Bool {
        let wants = { (settings: MergeSettings) in settings.usesMeshHull(for: .wholeFace) }
        return wants(settings) || overrides.keys.contains { (try? self.settings(forFrame: $0)).map(wants) == true }
    }

    /// What a finished frame's output was made from: the model's identity and the frame's
    /// settings. A frame whose fingerprint changed is merged again.
    public static func fingerprint(model: String, settings: MergeSettings) -> String {
        let values = settings.options
        let text = MergeSettings.descriptors.map { "\($0.name)=\(values[$0.name]!)" }.joined(separator: ",")
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return model + "#" + String(hash, radix: 16)
    }

    private struct Stored: Codable {
        var format: Int
        var settings: [String: OptionValue]
        var frames: [String: [String: OptionValue]]
        var finished: [String: String]
    }

    /// The session in `url`, or nil when there is none; throws naming the file when it cannot be read.
    public static func read(_ url: URL) throws -> MergeSession? {
        guard PathKind.of(url) == .file else { return nil }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: url))
        } catch {
            throw MergerError("\(url.path) is not a merge session (\(FileError.reason(error))): delete it to start the merge afresh")
        }
        let settings = try MergeSettings().applying(stored.settings, source: url.path, clamping: false).settings
        for (stem, values) in stored.frames {
            _ = try settings.applying(values, source: "\(url.path), frame \(stem)", clamping: false)
        }
        return MergeSession(settings: settings, overrides: stored.frames, finished: stored.finished)
    }

    /// Writes the session to `url` atomically.
    public func write(to url: URL) throws {
        let stored = Stored(format: 1, settings: settings.options, frames: overrides, finished: finished)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(stored), to: url)
    }
}
