import Foundation
import Support

/// A sound track of slowly gliding sine tones, written as a 16-bit mono PCM WAV file: the audio
/// of the demo's clips, so that encoding with the original audio has something to carry.
public struct ToneTrack: Sendable, Equatable {
    /// Length in seconds, > 0.
    public var seconds: Double
    /// Pitch at the start in hertz; it glides to `endFrequency` by the end.
    public var startFrequency: Double
    /// Pitch at the end in hertz.
    public var endFrequency: Double
    /// Samples per second.
    public var sampleRate = 48_000
    /// Peak amplitude, 0–1 of full scale.
    public var amplitude = 0.3

    public init(seconds: Double, startFrequency: Double = 330, endFrequency: Double = 440) {
        self.seconds = seconds
        self.startFrequency = startFrequency
        self.endFrequency = endFrequency
    }

    /// The WAV file's bytes: a RIFF header, then little-endian 16-bit samples.
    public func wavData() -> Data {
        let count = max(1, Int((seconds * Double(sampleRate)).rounded()))
        var data = Data(capacity: 44 + 2 * count)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + 2 * count))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(sampleRate)); append(UInt32(2 * sampleRate)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(2 * count))
        var phase = 0.0
        for index in 0..<count {
            let t = Double(index) / Double(count)
            phase += 2 * Double.pi * (startFrequency + (endFrequency - startFrequency) * t) / Double(sampleRate)
            append(Int16((amplitude * sin(phase) * Double(Int16.max)).rounded()))
        }
        return data
    }

    /// Writes the WAV file to `url` atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(wavData(), to: url)
    }
}
