import Imaging
import Testing

@Suite struct FilterTests {
    static let formats: [(String, Tolerance)] = [("u8", .absolute(1)), ("f32", .relative(1e-4))]

    static func input(_ suffix: String) throws -> Image {
        suffix == "u8" ? try Fixtures.inputU8 : try Fixtures.inputF32
    }

    @Test(arguments: formats)
    func gaussianBlurMatchesOpenCV(suffix: String, tolerance: Tolerance) throws {
        let input = try Self.input(suffix)
        try expectMatches(input.gaussianBlurred(kernelSize: 5, sigma: 1.5), fixture: "gaussian_k5_s1.5_\(suffix)",
                          tolerance: tolerance)
        try expectMatches(input.gaussianBlurred(kernelSize: 0, sigma: 2), fixture: "gaussian_k0_s2_\(suffix)",
                          tolerance: tolerance)
        try expectMatches(input.gaussianBlurred(kernelSize: 7, sigma: 0), fixture: "gaussian_k7_s0_\(suffix)",
                          tolerance: tolerance)
    }

    @Test(arguments: formats)
    func boxAndMedianBlurMatchOpenCV(suffix: String, tolerance: Tolerance) throws {
        let input = try Self.input(suffix)
        try expectMatches(input.boxBlurred(kernelSize: 5), fixture: "box_k5_\(suffix)", tolerance: tolerance)
        try expectMatches(input.medianBlurred(kernelSize: 5), fixture: "median_k5_\(suffix)", tolerance: .exact)
    }

    @Test func medianBlurSizesMatchOpenCV() throws {
        let input = try Fixtures.inputU8
        try expectMatches(input.medianBlurred(kernelSize: 3), fixture: "median_k3_u8", tolerance: .exact)
        try expectMatches(input.medianBlurred(kernelSize: 7), fixture: "median_k7_u8", tolerance: .exact)
    }

    @Test func morphologyMatchesOpenCV() throws {
        let mask = try Fixtures.image("mask_u8")
        let maskF32 = try Fixtures.image("mask_f32")
        let ellipse5 = StructuringElement(shape: .ellipse, size: 5)
        let rect3 = StructuringElement(shape: .rectangle, size: 3)
        try expectMatches(mask.eroded(ellipse5, iterations: 2), fixture: "erode_ellipse5_i2_u8", tolerance: .exact)
        try expectMatches(mask.dilated(ellipse5, iterations: 2), fixture: "dilate_ellipse5_i2_u8", tolerance: .exact)
        try expectMatches(maskF32.eroded(rect3), fixture: "erode_rect3_i1_f32", tolerance: .exact)
        try expectMatches(maskF32.dilated(rect3, iterations: 3), fixture: "dilate_rect3_i3_f32", tolerance: .exact)
        try expectMatches(mask.dilated(StructuringElement(shape: .cross, width: 5, height: 3)),
                          fixture: "dilate_cross5x3_i1_u8", tolerance: .exact)
        try expectMatches(try Fixtures.inputU8.eroded(StructuringElement(shape: .ellipse, size: 3)),
                          fixture: "erode_ellipse3_i1_bgr_u8", tolerance: .exact)
    }
}
