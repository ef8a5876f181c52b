import Imaging

extension XSegPolygon {
    /// DFL's `SegIEPolys.overlay_mask` (`core/imagelib/SegIEPolys.py`, reference §1.3): a
    /// `width` × `height` one-channel `float32` mask, 0 everywhere, then each of `polygons` in the
    /// order given (`includeFirst` order, as DFL sorts them on load) filled with `cv2.fillPoly`
    /// (8-connected, no anti-aliasing, no sub-pixel shift): 1 for include, 0 for exclude. Points are
    /// truncated toward zero to whole pixels, as `astype(np.int32)` does; polygons without points
    /// are skipped.
    public static func mask(_ polygons: [XSegPolygon], width: Int, height: Int) -> Image {
        var mask = Image(width: width, height: height, channels: 1, repeating: Float(0))
        for polygon in polygons where !polygon.points.isEmpty {
            let points = polygon.points.map { SIMD2(pixel($0.x), pixel($0.y)) }
            mask.fillPolygons([points], color: PixelValue(all: polygon.kind == .include ? 1 : 0))
        }
        return mask
    }

    /// A coordinate truncated toward zero, kept within ±2²⁰ (far outside any face, inside
    /// OpenCV's drawing range); a coordinate that is not a number counts as 0.
    private static func pixel(_ value: Float) -> Int32 {
        guard value.isFinite else { return 0 }
        return Int32(min(max(value, -1_048_576), 1_048_576))
    }
}
