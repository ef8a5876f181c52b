import Imaging
import Tensors
import Testing

@Suite struct ImageTensorTests {
    /// The fixture's float pixels reordered from HWC to CHW.
    static func channelsFirst(_ image: Image) -> [Double] {
        let values = pixelValues(image)
        var result: [Double] = []
        for channel in 0..<image.channels {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    result.append(values[(y * image.width + x) * image.channels + channel])
                }
            }
        }
        return result
    }

    @Test func uint8ImageBecomesUnitNCHWTensor() throws {
        let tensor = try Fixtures.inputU8.tensor()
        #expect(tensor.shape == [1, 3, 40, 48])
        #expect(tensor.dtype == .float32)
        expectValues(tensor.floats().map(Double.init), Self.channelsFirst(try Fixtures.inputF32),
                     tolerance: .relative(1e-7), name: "nchw tensor")
    }

    @Test func hwcLayoutKeepsPixelOrder() throws {
        let tensor = try Fixtures.inputF32.tensor(layout: .hwc)
        #expect(tensor.shape == [40, 48, 3])
        expectValues(tensor.floats().map(Double.init), pixelValues(try Fixtures.inputF32), tolerance: .exact,
                     name: "hwc tensor")
    }

    @Test func roundTripRestoresTheImage() throws {
        let input = try Fixtures.inputU8
        #expect(try Image(tensor: input.tensor(), format: .uint8) == input)
        let float = try Fixtures.inputF32
        #expect(try Image(tensor: float.tensor(layout: .hwc), layout: .hwc) == float)
        let mask = try Fixtures.image("mask_f32")
        let chw = try mask.tensor().squeezed(0)
        #expect(try Image(tensor: chw) == mask)
    }

    @Test func valuesAreClamped() throws {
        let tensor = Tensor([-0.5, 0.25, 1.5, 1.0], shape: [1, 1, 2, 2])
        let image = try Image(tensor: tensor)
        #expect(image.width == 2 && image.height == 2 && image.channels == 1)
        #expect(image.pixels(as: Float.self) == [0, 0.25, 1, 1])
        #expect(try Image(tensor: tensor, format: .uint8).pixels(as: UInt8.self) == [0, 64, 255, 255])
    }

    @Test func unsuitableTensorsThrow() throws {
        #expect(throws: TensorError.self) { try Image(tensor: Tensor([Float](repeating: 0, count: 8), shape: [2, 1, 2, 2])) }
        #expect(throws: TensorError.self) { try Image(tensor: Tensor([Float](repeating: 0, count: 8), shape: [1, 2, 2, 2])) }
        #expect(throws: TensorError.self) { try Image(tensor: Tensor([Float](repeating: 0, count: 4), shape: [4])) }
        let integers = try Tensor(values: [Int32](repeating: 1, count: 4), shape: [1, 2, 2], dtype: .int32)
        #expect(throws: TensorError.self) { try Image(tensor: integers) }
    }

    @Test(.enabled(if: Runtime.cudaDeviceCount > 0, "needs a CUDA device"))
    func roundTripThroughGPU() throws {
        let input = try Fixtures.inputU8
        let tensor = try input.tensor(device: .cuda(0))
        #expect(tensor.device == .cuda(0))
        #expect(try Image(tensor: tensor, format: .uint8) == input)
    }
}
