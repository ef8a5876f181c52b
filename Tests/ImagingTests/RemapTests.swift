import Imaging
import Testing

@Suite struct RemapTests {
    @Test func remapsMatchOpenCV() throws {
        let mapX = try Fixtures.image("remap_map_x")
        let mapY = try Fixtures.image("remap_map_y")
        try expectMatches(
            try Fixtures.inputU8.remapped(mapX: mapX, mapY: mapY, interpolation: .linear, border: .constant(.zero)),
            fixture: "remap_linear_constant_u8", tolerance: .absolute(1))
        try expectMatches(
            try Fixtures.inputF32.remapped(mapX: mapX, mapY: mapY, interpolation: .cubic, border: .replicate),
            fixture: "remap_cubic_replicate_f32", tolerance: .relative(1e-4))
        try expectMatches(
            try Fixtures.inputU8.remapped(mapX: mapX, mapY: mapY, interpolation: .nearest, border: .reflect),
            fixture: "remap_nearest_reflect_u8", tolerance: .exact)
    }
}
