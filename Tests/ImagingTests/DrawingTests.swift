import Imaging
import Testing

@Suite struct DrawingTests {
    static func points(_ name: String) throws -> [SIMD2<Int32>] {
        let values = try Fixtures.array(name).values(as: Int32.self)
        return stride(from: 0, to: values.count, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
    }

    static func polygons() throws -> [[SIMD2<Int32>]] {
        [try points("poly_a"), try points("poly_b")]
    }

    static func hullPoints() throws -> [SIMD2<Float>] {
        let values = try Fixtures.array("hull_points").values(as: Float.self)
        return stride(from: 0, to: values.count, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
    }

    @Test func convexHullMatchesOpenCV() throws {
        let points = try Self.hullPoints()
        #expect(convexHullIndices(points) == (try Fixtures.array("hull_ccw_indices").values(as: Int32.self).map(Int.init)))
        #expect(convexHullIndices(points, clockwise: true)
            == (try Fixtures.array("hull_cw_indices").values(as: Int32.self).map(Int.init)))
        #expect(convexHull(points) == convexHullIndices(points).map { points[$0] })
        let integers = points.map { SIMD2<Int32>($0, rounding: .towardZero) }
        #expect(convexHull(integers) == (try Self.points("hull_int_points")))
        #expect(convexHull([SIMD2<Float>]()).isEmpty)
    }

    @Test func fillPolygonsMatchesOpenCV() throws {
        var mask = Image(width: 48, height: 40, channels: 1, format: .uint8)
        mask.fillPolygons(try Self.polygons(), color: 255)
        try expectMatches(mask, fixture: "fill_poly_gray_u8", tolerance: .exact)
        var canvas = Image(width: 48, height: 40, channels: 3, format: .uint8)
        canvas.fillPolygons(try Self.polygons(), color: [10, 200, 30], lineType: .antialiased)
        try expectMatches(canvas, fixture: "fill_poly_aa_bgr_u8", tolerance: .absolute(1))
    }

    @Test func fillConvexPolygonMatchesOpenCV() throws {
        var mask = Image(width: 48, height: 40, channels: 1, format: .float32)
        mask.fillConvexPolygon(try Self.points("hull_int_points"), color: 1)
        try expectMatches(mask, fixture: "fill_convex_poly_f32", tolerance: .exact)
    }

    @Test func linesCirclesAndRectanglesMatchOpenCV() throws {
        let blank = Image(width: 48, height: 40, channels: 3, format: .uint8)
        var line = blank
        line.drawLine(from: [2, 3], to: [45, 31], color: [0, 255, 0], thickness: 2, lineType: .antialiased)
        try expectMatches(line, fixture: "draw_line_aa_u8", tolerance: .absolute(1))
        var line4 = blank
        line4.drawLine(from: [40, 2], to: [5, 37], color: [0, 0, 255], lineType: .connected4)
        try expectMatches(line4, fixture: "draw_line_4_u8", tolerance: .exact)
        var circles = blank
        circles.drawCircle(center: [20, 19], radius: 11, color: [255, 0, 0], lineType: .antialiased)
        circles.drawCircle(center: [36, 12], radius: 5, color: [0, 0, 255], thickness: -1)
        try expectMatches(circles, fixture: "draw_circles_u8", tolerance: .absolute(1))
        var rectangle = blank
        rectangle.drawRectangle(from: [4, 6], to: [40, 30], color: [255, 255, 0], thickness: 3)
        try expectMatches(rectangle, fixture: "draw_rectangle_u8", tolerance: .exact)
    }

    @Test func polylinesAndTextMatchOpenCV() throws {
        let blank = Image(width: 48, height: 40, channels: 3, format: .uint8)
        var closed = blank
        closed.drawPolylines(try Self.polygons(), closed: true, color: [0, 128, 255], lineType: .antialiased)
        try expectMatches(closed, fixture: "draw_polylines_closed_u8", tolerance: .absolute(1))
        var open = blank
        open.drawPolylines([try Self.points("poly_a")], closed: false, color: [200, 100, 50], thickness: 2)
        try expectMatches(open, fixture: "draw_polylines_open_u8", tolerance: .exact)
        var text = blank
        text.drawText("DFL 7", at: [2, 30], font: .simplex, scale: 0.8, color: 255, lineType: .antialiased)
        try expectMatches(text, fixture: "draw_text_u8", tolerance: .absolute(1))
        var plain = blank
        plain.drawText("xseg", at: [1, 20], font: .plain, scale: 1.2, color: [0, 255, 255])
        try expectMatches(plain, fixture: "draw_text_plain_u8", tolerance: .exact)
    }

    @Test func emptyShapesDrawNothing() {
        var canvas = Image(width: 8, height: 8, channels: 1, format: .uint8)
        canvas.fillPolygons([], color: 255)
        canvas.fillConvexPolygon([], color: 255)
        canvas.drawPolylines([], closed: true, color: 255)
        #expect(canvas == Image(width: 8, height: 8, channels: 1, format: .uint8))
    }
}
