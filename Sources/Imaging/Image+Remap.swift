import CVision

extension Image {
    /// The image resampled through coordinate maps (`cv2.remap`): output pixel (x, y) takes
    /// the source at (`mapX[x, y]`, `mapY[x, y]`), in source pixels. The maps are
    /// one-channel `float32` images of the output's size.
    public func remapped(
        mapX: Image, mapY: Image, interpolation: Interpolation = .linear, border: BorderMode = .constant(.zero)
    ) -> Image {
        for map in [mapX, mapY] {
            precondition(map.channels == 1 && map.format == .float32,
                         "remapped: maps must be 1-channel float32, got \(map.channels)-channel \(map.format)")
        }
        precondition(mapX.width == mapY.width && mapX.height == mapY.height,
                     "remapped: map sizes differ: \(mapX.width)x\(mapX.height) and \(mapY.width)x\(mapY.height)")
        precondition(border != .transparent, "remapped: transparent borders need a destination image")
        precondition(interpolation != .area, "remapped: area interpolation does not apply to remapping")
        return mapX.withCVImage { xs in
            mapY.withCVImage { ys in
                producing("remapped", width: mapX.width, height: mapX.height, channels: channels, format: format) {
                    source, destination in
                    border.value.withScalar { value in
                        cv_remap(source, destination, xs, ys, interpolation.rawValue, border.cvCode, value)
                    }
                }
            }
        }
    }
}
