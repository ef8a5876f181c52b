import CVision

/// Drawing in place, for masks and debug images (`cv2.fillPoly`, `cv2.line`, ...). Points are
/// pixel coordinates, x right and y down; `color` is in the image's element units. A
/// negative `thickness` fills circles and rectangles.
extension Image {
    /// Fills the area inside `polygons` (even-odd rule across overlapping polygons).
    public mutating func fillPolygons(_ polygons: [[SIMD2<Int32>]], color: PixelValue,
                                      lineType: LineType = .connected8) {
        guard !polygons.isEmpty else { return }
        let (points, counts) = Self.flatten(polygons)
        let status = withMutableCVImage { image in
            color.withScalar { cv_fill_poly(image, points, counts, Int32(counts.count), $0, lineType.rawValue) }
        }
        checkCVision(status, "fillPolygons")
    }

    /// Fills one convex polygon, faster than `fillPolygons` (DFL fills hull masks so).
    public mutating func fillConvexPolygon(_ polygon: [SIMD2<Int32>], color: PixelValue,
                                           lineType: LineType = .connected8) {
        guard !polygon.isEmpty else { return }
        let points = polygon.flatMap { [$0.x, $0.y] }
        let status = withMutableCVImage { image in
            color.withScalar { cv_fill_convex_poly(image, points, Int32(polygon.count), $0, lineType.rawValue) }
        }
        checkCVision(status, "fillConvexPolygon")
    }

    /// Draws each polyline; `closed` joins each last point back to its first.
    public mutating func drawPolylines(_ polylines: [[SIMD2<Int32>]], closed: Bool, color: PixelValue,
                                       thickness: Int = 1, lineType: LineType = .connected8) {
        precondition(thickness >= 1, "drawPolylines: thickness \(thickness) must be at least 1")
        guard !polylines.isEmpty else { return }
        let (points, counts) = Self.flatten(polylines)
        let status = withMutableCVImage { image in
            color.withScalar {
                cv_polylines(image, points, counts, Int32(counts.count), closed ? 1 : 0, $0, Int32(thickness),
                             lineType.rawValue)
            }
        }
        checkCVision(status, "drawPolylines")
    }

    /// Draws the segment from `start` to `end`.
    public mutating func drawLine(from start: SIMD2<Int32>, to end: SIMD2<Int32>, color: PixelValue,
                                  thickness: Int = 1, lineType: LineType = .connected8) {
        precondition(thickness >= 1, "drawLine: thickness \(thickness) must be at least 1")
        let status = withMutableCVImage { image in
            color.withScalar { cv_line(image, start.x, start.y, end.x, end.y, $0, Int32(thickness), lineType.rawValue) }
        }
        checkCVision(status, "drawLine")
    }

    /// Draws the rectangle with opposite corners `corner` and `oppositeCorner` (both inside it).
    public mutating func drawRectangle(from corner: SIMD2<Int32>, to oppositeCorner: SIMD2<Int32>,
                                       color: PixelValue, thickness: Int = 1, lineType: LineType = .connected8) {
        precondition(thickness != 0, "drawRectangle: thickness 0 draws nothing; use ≥ 1, or < 0 to fill")
        let status = withMutableCVImage { image in
            color.withScalar {
                cv_rectangle(image, corner.x, corner.y, oppositeCorner.x, oppositeCorner.y, $0, Int32(thickness),
                             lineType.rawValue)
            }
        }
        checkCVision(status, "drawRectangle")
    }

    /// Draws the circle of `radius` pixels around `center`.
    public mutating func drawCircle(center: SIMD2<Int32>, radius: Int, color: PixelValue,
                                    thickness: Int = 1, lineType: LineType = .connected8) {
        precondition(radius >= 0, "drawCircle: radius \(radius) must not be negative")
        precondition(thickness != 0, "drawCircle: thickness 0 draws nothing; use ≥ 1, or < 0 to fill")
        let status = withMutableCVImage { image in
            color.withScalar {
                cv_circle(image, center.x, center.y, Int32(radius), $0, Int32(thickness), lineType.rawValue)
            }
        }
        checkCVision(status, "drawCircle")
    }

    /// Draws `text` (ASCII; other characters show as '?') with its baseline starting at
    /// `origin`; `scale` 1 makes capitals about 22 pixels tall in `.simplex`.
    public mutating func drawText(_ text: String, at origin: SIMD2<Int32>, font: HersheyFont = .simplex,
                                  scale: Double, color: PixelValue, thickness: Int = 1,
                                  lineType: LineType = .connected8) {
        precondition(scale > 0, "drawText: scale \(scale) must be positive")
        precondition(thickness >= 1, "drawText: thickness \(thickness) must be at least 1")
        let status = withMutableCVImage { image in
            color.withScalar {
                cv_put_text(image, text, origin.x, origin.y, font.rawValue, scale, $0, Int32(thickness),
                            lineType.rawValue)
            }
        }
        checkCVision(status, "drawText")
    }

    private static func flatten(_ polygons: [[SIMD2<Int32>]]) -> (points: [Int32], counts: [Int32]) {
        (polygons.flatMap { $0.flatMap { [$0.x, $0.y] } }, polygons.map { Int32($0.count) })
    }
}
