import Imaging
import Testing

@Suite struct WarpTests {
    static func matrix() throws -> AffineMatrix {
        AffineMatrix(elements: try Fixtures.array("affine_matrix").doubles())
    }

    @Test func inverseMatchesOpenCV() throws {
        let inverse = try Self.matrix().inverted()
        expectValues(inverse.elements, try Fixtures.array("affine_inverse").doubles(), tolerance: .relative(1e-12),
                     name: "affine_inverse")
    }

    @Test func inverseComposesToIdentity() throws {
        let matrix = try Self.matrix()
        let point = SIMD2<Double>(13.25, -4.5)
        let back = matrix.inverted().apply(to: matrix.apply(to: point))
        #expect(abs(back.x - point.x) < 1e-12 && abs(back.y - point.y) < 1e-12)
    }

    @Test func singularMatrixInvertsToZeros() {
        let singular = AffineMatrix(m00: 1, m01: 2, m02: 3, m10: 2, m11: 4, m12: 5)
        #expect(singular.inverted().elements.allSatisfy { $0 == 0 })
    }

    @Test func pointsTransformLikeOpenCV() throws {
        let points = try Fixtures.array("affine_points").values(as: Float.self)
        let pairs = stride(from: 0, to: points.count, by: 2).map { SIMD2(points[$0], points[$0 + 1]) }
        let transformed = try Self.matrix().apply(to: pairs).flatMap { [Double($0.x), Double($0.y)] }
        expectValues(transformed, try Fixtures.array("affine_points_transformed").doubles(), tolerance: .relative(1e-5),
                     name: "affine_points_transformed")
    }

    @Test func warpsMatchOpenCV() throws {
        let matrix = try Self.matrix()
        let input = try Fixtures.inputU8
        try expectMatches(
            input.warpedAffine(matrix, width: 50, height: 44, interpolation: .linear, border: .constant([10, 200, 30])),
            fixture: "warp_linear_constant_u8", tolerance: .absolute(1))
        try expectMatches(
            input.warpedAffine(matrix, width: 50, height: 44, interpolation: .cubic, border: .replicate),
            fixture: "warp_cubic_replicate_u8", tolerance: .absolute(1))
        try expectMatches(
            input.warpedAffine(matrix, width: 50, height: 44, interpolation: .nearest, border: .reflect),
            fixture: "warp_nearest_reflect_u8", tolerance: .exact)
        try expectMatches(
            input.warpedAffine(matrix, width: 50, height: 44, border: .wrap),
            fixture: "warp_linear_wrap_u8", tolerance: .absolute(1))
        try expectMatches(
            try Fixtures.inputF32.warpedAffine(matrix, width: 50, height: 44, interpolation: .lanczos4,
                                               border: .reflect101),
            fixture: "warp_lanczos4_reflect101_f32", tolerance: .relative(1e-4))
    }

    @Test func transparentInverseWarpKeepsDestinationOutside() throws {
        var destination = Image(width: 50, height: 44, channels: 3, repeating: UInt8(77))
        try Fixtures.inputU8.warpAffine(into: &destination, try Self.matrix(), interpolation: .cubic, inverse: true,
                                        border: .transparent)
        try expectMatches(destination, fixture: "warp_cubic_inverse_transparent_u8", tolerance: .absolute(1))
    }

    @Test func identityWarpCopies() throws {
        let input = try Fixtures.inputU8
        #expect(input.warpedAffine(.identity, width: input.width, height: input.height) == input)
    }
}
