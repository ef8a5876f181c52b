import Foundation

/// Reads ffmpeg's `-progress` output (`key=value` lines, a block per update ending in
/// `progress=continue` or `progress=end`) and reports the number of frames written so far.
struct FFmpegProgressParser: Sendable {
    /// The latest `frame=` value seen, nil before the first.
    private(set) var frames: Int?

    /// Consumes one output line; returns the frame count when this line completes an update block.
    mutating func consume(_ line: Substring) -> Int? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "frame":
            if let count = Int(value) { frames = count }
            return nil
        case "progress":
            return frames
        default:
            return nil
        }
    }
}
