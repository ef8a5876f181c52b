import Foundation
import Imaging

/// DFL's preview image (`ModelBase.get_preview_history` layout): the loss-history graph on top
/// (`get_loss_history_preview`: 100 px high, each loss a colour, each pixel column the range
/// of the losses of its share of the iterations, on a dark background), then one row per face
/// with the model's columns side by side.
public enum TrainingPreview {
    /// Height of the loss graph in pixels.
    public static let graphHeight = 100

    /// The preview: `rows` (equal-sized BGR float32 images) under the graph of `lossHistory`.
    public static func image(rows: [[Image]], lossHistory: [[Float]], iteration: Int) -> Image {
        let tile = rows.first?.first ?? Image(width: 64, height: 64, channels: 3, format: .float32)
        let columns = rows.map(\.count).max() ?? 1
        let width = tile.width * columns
        let height = graphHeight + tile.height * rows.count
        var canvas = Image(width: width, height: height, channels: 3, repeating: Float(0))
        paste(graph(lossHistory, width: width), into: &canvas, x: 0, y: 0)
        for (r, row) in rows.enumerated() {
            for (c, face) in row.enumerated() {
                paste(face, into: &canvas, x: c * tile.width, y: graphHeight + r * tile.height)
            }
        }
        return canvas
    }

    /// The loss graph: for each pixel column, a vertical line per loss from the smallest to the
    /// largest value of the iterations that column covers, scaled to the largest loss shown.
    static func graph(_ history: [[Float]], width: Int) -> Image {
        var pixels = [Float](repeating: 0.1, count: width * graphHeight * 3)
        let series = history.first?.count ?? 0
        let finite = history.flatMap { $0 }.filter(\.isFinite)
        guard !history.isEmpty, series > 0, let top = finite.max(), top > 0 else {
            return Image(width: width, height: graphHeight, channels: 3, pixels: pixels)
        }
        let colours: [SIMD3<Float>] = (0..<series).map { hsvToBGR(hue: Float($0) / Float(series), saturation: 0.5, value: 1) }
        for x in 0..<width {
            let from = x * history.count / width, to = max(from + 1, (x + 1) * history.count / width)
            for s in 0..<series {
                let values = history[from..<min(to, history.count)].map { $0[s] }.filter(\.isFinite)
                guard let low = values.min(), let high = values.max() else { continue }
                let y0 = graphHeight - 1 - Int((low / top) * Float(graphHeight - 1))
                let y1 = graphHeight - 1 - Int((high / top) * Float(graphHeight - 1))
                for y in max(0, min(y0, y1))...min(graphHeight - 1, max(y0, y1)) {
                    let base = (y * width + x) * 3
                    for c in 0..<3 { pixels[base + c] = colours[s][c] }
                }
            }
        }
        return Image(width: width, height: graphHeight, channels: 3, pixels: pixels)
    }

    /// `colorsys.hsv_to_rgb` as BGR.
    static func hsvToBGR(hue: Float, saturation: Float, value: Float) -> SIMD3<Float> {
        let i = Int(hue * 6) % 6, f = hue * 6 - Float(Int(hue * 6))
        let p = value * (1 - saturation), q = value * (1 - saturation * f), t = value * (1 - saturation * (1 - f))
        let (r, g, b): (Float, Float, Float) = [(value, t, p), (q, value, p), (p, value, t), (p, q, value), (t, p, value), (value, p, q)][i]
        return SIMD3(b, g, r)
    }

    private static func paste(_ image: Image, into canvas: inout Image, x: Int, y: Int) {
        let source = image.pixels(as: Float.self)
        let width = canvas.width, height = canvas.height, tileWidth = image.width
        canvas.withUnsafeMutableBufferPointer(as: Float.self) { pixels in
            for row in 0..<image.height where y + row < height {
                for column in 0..<tileWidth where x + column < width {
                    for c in 0..<3 {
                        pixels[((y + row) * width + x + column) * 3 + c] = source[(row * tileWidth + column) * image.channels + min(c, image.channels - 1)]
                    }
                }
            }
        }
    }
}
