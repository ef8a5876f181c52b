import Foundation
import Imaging
import Provenance

/// Labels, images and frame folders the Provenance tests share.
enum LabelFixtures {
    /// A label with fixed fields (2025-12-02 10:00:00 UTC).
    static let label = SyntheticMediaLabel(
        modelName: "new_SAEHD", weightsSHA256: String(repeating: "ab", count: 32),
        date: Date(timeIntervalSince1970: 1_764_669_600), generator: "Masque 0.1.0")

    /// A `width`×`height` BGR image whose pixels all differ from their neighbours, shifted by `seed`.
    static func image(width: Int = 64, height: Int = 48, seed: Int = 0) -> Image {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                pixels += [UInt8((x * 4 + seed) & 0xFF), UInt8((y * 5 + seed * 3) & 0xFF), UInt8((x * y + seed * 7) & 0xFF)]
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// `image(seed:)` as a PNG written by `Image.encoded(as: .png())`.
    static func png(seed: Int = 0) throws -> Data {
        try image(seed: seed).encoded(as: .png())
    }

    /// Writes `count` frames `00001.png`, … into `folder`, labelled with `label` when given.
    static func writeFrames(_ count: Int, to folder: URL, label: SyntheticMediaLabel?) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 1...count {
            var data = try png(seed: index * 9)
            if let label { data = try PNGLabel.insert(label, into: data) }
            try data.write(to: folder.appendingPathComponent(String(format: "%05d.png", index)))
        }
    }
}
