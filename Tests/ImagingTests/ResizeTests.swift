import Imaging
import Testing

@Suite struct ResizeTests {
    static let cases: [(Interpolation, String)] = [
        (.nearest, "nearest"), (.linear, "linear"), (.cubic, "cubic"), (.area, "area"), (.lanczos4, "lanczos4"),
    ]

    @Test(arguments: cases)
    func resizeMatchesOpenCV(interpolation: Interpolation, name: String) throws {
        let sizes = [("up", 61, 53), ("down", 29, 23)]
        for (direction, width, height) in sizes {
            let u8 = try Fixtures.inputU8.resized(width: width, height: height, interpolation: interpolation)
            try expectMatches(u8, fixture: "resize_\(name)_\(direction)_u8", tolerance: .absolute(1))
            let f32 = try Fixtures.inputF32.resized(width: width, height: height, interpolation: interpolation)
            try expectMatches(f32, fixture: "resize_\(name)_\(direction)_f32", tolerance: .relative(1e-4))
        }
    }
}
