import CVision

extension Image {
    /// The image warped by `transform` onto a new `width`×`height` image (`cv2.warpAffine`).
    ///
    /// Each output pixel p takes the source at `transform⁻¹(p)`; with `inverse` it takes the
    /// source at `transform(p)` (`WARP_INVERSE_MAP`), which saves inverting a face→frame
    /// matrix. `.transparent` borders leave zeros here; draw into an existing image with
    /// `warpAffine(into:...)` to keep its pixels.
    public func warpedAffine(
        _ transform: AffineMatrix, width: Int, height: Int, interpolation: Interpolation = .linear,
        inverse: Bool = false, border: BorderMode = .constant(.zero)
    ) -> Image {
        var output = Image(width: width, height: height, channels: channels, format: format)
        warpAffine(into: &output, transform, interpolation: interpolation, inverse: inverse, border: border)
        return output
    }

    /// Warps the image by `transform` into `destination`, which must have this image's
    /// channels and format; see `warpedAffine`. With `.transparent` borders, destination
    /// pixels that map outside this image keep their values (DFL's merge pastes faces so).
    public func warpAffine(
        into destination: inout Image, _ transform: AffineMatrix, interpolation: Interpolation = .linear,
        inverse: Bool = false, border: BorderMode = .constant(.zero)
    ) {
        precondition(destination.channels == channels && destination.format == format,
                     "warpAffine: destination is \(destination.channels)-channel \(destination.format), "
                        + "source \(channels)-channel \(format)")
        let flags = interpolation.rawValue | (inverse ? 16 : 0)
        let matrix = transform.elements
        let status = withCVImage { source in
            destination.withMutableCVImage { target in
                border.value.withScalar { value in
                    cv_warp_affine(source, target, matrix, flags, border.cvCode, value)
                }
            }
        }
        checkCVision(status, "warpAffine")
    }
}
