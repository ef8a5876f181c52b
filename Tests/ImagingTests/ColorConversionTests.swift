import Imaging
import Testing

@Suite struct ColorConversionTests {
    @Test func labMatchesOpenCV() throws {
        let labF32 = try Fixtures.inputF32.converted(.bgrToLab)
        try expectMatches(labF32, fixture: "lab_f32", tolerance: .relative(1e-4))
        try expectMatches(try Fixtures.inputU8.converted(.bgrToLab), fixture: "lab_u8", tolerance: .absolute(1))
        try expectMatches(try Fixtures.image("lab_f32").converted(.labToBgr), fixture: "lab_to_bgr_f32",
                          tolerance: .relative(1e-4))
    }

    /// OpenCV's float LAB goes through spline tables, so a round trip is only close (about 2e-3).
    @Test func labRoundTripRestoresFloatBGR() throws {
        let input = try Fixtures.inputF32
        let back = input.converted(.bgrToLab).converted(.labToBgr)
        expectValues(pixelValues(back), pixelValues(input), tolerance: .absolute(5e-3), name: "lab round trip")
    }

    @Test func hsvMatchesOpenCV() throws {
        try expectMatches(try Fixtures.inputF32.converted(.bgrToHsv), fixture: "hsv_f32", tolerance: .relative(1e-4))
        try expectMatches(try Fixtures.inputU8.converted(.bgrToHsv), fixture: "hsv_u8", tolerance: .absolute(1))
        try expectMatches(try Fixtures.image("hsv_f32").converted(.hsvToBgr), fixture: "hsv_to_bgr_f32",
                          tolerance: .relative(1e-4))
        try expectMatches(try Fixtures.image("hsv_u8").converted(.hsvToBgr), fixture: "hsv_to_bgr_u8",
                          tolerance: .absolute(1))
    }

    @Test func grayAndChannelOrderMatchOpenCV() throws {
        try expectMatches(try Fixtures.inputU8.converted(.bgrToGray), fixture: "gray_u8", tolerance: .absolute(1))
        try expectMatches(try Fixtures.inputF32.converted(.bgrToGray), fixture: "gray_f32", tolerance: .relative(1e-4))
        try expectMatches(try Fixtures.image("gray_u8").converted(.grayToBgr), fixture: "gray_to_bgr_u8",
                          tolerance: .exact)
        try expectMatches(try Fixtures.inputU8.converted(.bgrToRgb), fixture: "rgb_u8", tolerance: .exact)
        try expectMatches(try Fixtures.image("input_bgra_u8").converted(.bgraToBgr), fixture: "bgra_to_bgr_u8",
                          tolerance: .exact)
        let bgra = try Fixtures.image("input_bgra_u8")
        #expect(bgra.converted(.bgraToGray) == bgra.converted(.bgraToBgr).converted(.bgrToGray))
    }
}
