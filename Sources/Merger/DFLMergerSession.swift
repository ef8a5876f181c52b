import DFLFormats
import Foundation
import Support

/// DFL's interactive-merger session (`<model>_merger_session.dat`, reference §8.8) read through
/// the safe pickle reader (DFL's frame, config and frame-info objects as records; nothing is
/// run) and turned into Masque's session: the settings most frames share become the clip's, the
/// others each frame's overrides. Finished frames are not carried over: Masque merges them again
/// with its own record of what it finished.
public enum DFLMergerSession {
    /// The frames' settings in `url` by frame stem, the clip's settings, and the model iteration
    /// DFL's session was made at.
    public static func read(_ url: URL) throws -> (session: MergeSession, frames: Int, modelIteration: Int?) {
        try PathKind.requireFile(url)
        let value = try PickleReader(sourceName: url.path).read(Data(contentsOf: url))
        func invalid(_ what: String) -> MergerError {
            MergerError("\(url.path) is not a DFL merger session (\(what)): give the <model>_merger_session.dat DFL's interactive merger saved")
        }
        guard case .dict(let root) = value, case .list(let frames)? = root[.string("frames")] else { throw invalid("no frame list") }
        var settingsByFrame: [(stem: String, values: [String: OptionValue])] = []
        for frame in frames {
            guard case .record(let record) = frame, record.recordClass == .mergerFrame,
                  case .record(let info)? = record["frame_info"], let path = info["filepath"]?.stringValue,
                  case .record(let config)? = record["cfg"], config.recordClass == .mergerConfigMasked else {
                throw invalid("a frame without its file or settings")
            }
            let name = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? path
            settingsByFrame.append((URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent, try values(of: config)))
        }
        guard !settingsByFrame.isEmpty else { throw invalid("no frames") }
        var counts: [[String: OptionValue]: Int] = [:]
        for entry in settingsByFrame { counts[entry.values, default: 0] += 1 }
        let common = counts.max { ($0.value, $1.key.count) < ($1.value, $0.key.count) }!.key
        var session = try MergeSession().updating(common, frame: nil, source: url.path).session
        for entry in settingsByFrame where entry.values != common {
            session = try session.updating(entry.values, frame: entry.stem, source: url.path).session
        }
        return (session, settingsByFrame.count, root[.string("model_iter")]?.intValue)
    }

    /// A `MergerConfigMasked`'s settings under DFL's keys (its other attributes are left out).
    private static func values(of config: DFLRecord) throws -> [String: OptionValue] {
        var values: [String: OptionValue] = [:]
        for descriptor in MergeSettings.descriptors {
            guard let value = config[descriptor.name] else { continue }
            switch value {
            case .bool(let flag): values[descriptor.name] = .bool(flag)
            case .string(let text): values[descriptor.name] = .string(text)
            default:
                guard let number = value.intValue else { continue }
                values[descriptor.name] = .int(number)
            }
        }
        return values
    }
}
