@testable import Imaging
import Testing

@Suite struct GeometryTests {
    /// 3 wide, 2 high, one channel: values 1…6 row by row.
    let image = Image(width: 3, height: 2, channels: 1, pixels: [UInt8(1), 2, 3, 4, 5, 6])

    @Test func quarterTurnsMatchNumpyRot90() {
        // np.rot90(a, -1) (clockwise) of [[1,2,3],[4,5,6]] is [[4,1],[5,2],[6,3]].
        let clockwise = image.rotated(.clockwise)
        #expect(clockwise.width == 2 && clockwise.height == 3)
        #expect(clockwise.pixels(as: UInt8.self) == [4, 1, 5, 2, 6, 3])
        #expect(image.rotated(.counterClockwise).pixels(as: UInt8.self) == [3, 6, 2, 5, 1, 4])
        #expect(image.rotated(.halfTurn).pixels(as: UInt8.self) == [6, 5, 4, 3, 2, 1])
    }

    @Test func flipsAndCrops() {
        #expect(image.flipped(.horizontal).pixels(as: UInt8.self) == [3, 2, 1, 6, 5, 4])
        #expect(image.flipped(.vertical).pixels(as: UInt8.self) == [4, 5, 6, 1, 2, 3])
        #expect(image.flipped(.both) == image.rotated(.halfTurn))
        let crop = image.cropped(x: 1, y: 0, width: 2, height: 2)
        #expect(crop.pixels(as: UInt8.self) == [2, 3, 5, 6])
    }
}
