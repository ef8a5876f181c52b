import Foundation
@testable import Tensors
import Testing
import TestSupport

@Suite struct TensorBasicsTests {
    @Test func creationAndHostCopies() throws {
        let t = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(t.shape == [2, 3])
        #expect(t.dtype == .float32)
        #expect(t.device == .cpu)
        #expect(t.floats() == [1, 2, 3, 4, 5, 6])
        #expect(Tensor.full([2], 7, dtype: .int64).toArray(of: Int64.self) == [7, 7])
        #expect(Tensor.zeros([3], dtype: .uint8).toArray(of: UInt8.self) == [0, 0, 0])
        #expect(t.to(.float16).to(.float32).floats() == [1, 2, 3, 4, 5, 6])
        #expect(t.to(.bfloat16).dtype == .bfloat16)
        #expect(throws: TensorError.self) { try Tensor(values: [Float(1)], shape: [2], dtype: .float32) }
    }

    @Test func elementwiseReductionsAndMatmul() {
        let a = Tensor([1, -2, 3, -4], shape: [2, 2])
        #expect((a + 1).floats() == [2, -1, 4, -3])
        #expect((1 - a).floats() == [0, 3, -2, 5])
        #expect((a * a).floats() == [1, 4, 9, 16])
        #expect(a.abs().sum().item() == 10)
        #expect(a.mean([1]).floats() == [-0.5, -0.5])
        #expect(a.max().item() == 3)
        #expect(a.relu().floats() == [1, 0, 3, 0])
        #expect(a.leakyRelu(0.1).floats() == [1, -0.2, 3, -0.4].map(Float.init))
        #expect(a.matmul(Tensor([1, 0, 0, 1], shape: [2, 2])).floats() == a.floats())
        #expect(abs(Tensor([0], shape: [1]).sigmoid().item() - 0.5) < 1e-7)
        #expect(Tensor([3, 4], shape: [2]).variance().item() == 0.25)
    }

    @Test func shapeOperations() {
        let t = Tensor.arange(0, 24).reshaped([2, 3, 4])
        #expect(t.permuted([2, 0, 1]).shape == [4, 2, 3])
        #expect(t.slice(2, 1, 3).shape == [2, 3, 2])
        #expect(Tensor.cat([t, t], dim: 1).shape == [2, 6, 4])
        #expect(Tensor.stack([t, t]).shape == [2, 2, 3, 4])
        #expect(t.flattened().shape == [2, 12])
        #expect(t.unsqueezed(0).shape == [1, 2, 3, 4])
        #expect(t.flipped([2]).slice(2, 0, 1).floats().first == 3)
        let image = Tensor.ones([1, 2, 4, 4])
        #expect(image.maxPool2d(2).shape == [1, 2, 2, 2])
        #expect(image.avgPool2d(2).floats().allSatisfy { $0 == 1 })
        #expect(image.resized(height: 8, width: 6, mode: .bilinear).shape == [1, 2, 8, 6])
        #expect(image.padded(left: 1, right: 1, top: 2, bottom: 0).shape == [1, 2, 6, 6])
    }

    @Test func autogradAndNoGradScope() {
        let x = Tensor([1, 2, 3], shape: [3])
        x.requiresGrad = true
        (x * x).sum().backward()
        #expect(x.grad!.floats() == [2, 4, 6])
        x.zeroGrad()
        #expect(x.grad == nil)
        let y = withoutGradients { x * 2 }
        #expect(!y.requiresGrad)
        #expect((x * 2).requiresGrad)
    }

    @Test func seededGeneratorsRepeatAndRestore() throws {
        let a = try Generator(seed: 42), b = try Generator(seed: 42)
        #expect(Tensor.uniform([5], generator: a).floats() == Tensor.uniform([5], generator: b).floats())
        let saved = a.stateBytes
        let next = Tensor.normal([4], generator: a).floats()
        try a.restore(bytes: saved)
        #expect(Tensor.normal([4], generator: a).floats() == next)
        let mask = Tensor.zeros([10_000]).bernoulli(0.3, generator: a).mean().item()
        #expect(abs(mask - 0.3) < 0.03)
    }

    @Test func deviceParsing() throws {
        #expect(try Device(parsing: "cpu") == .cpu)
        let auto = try Device(parsing: "auto")
        #expect(auto == (Runtime.cudaDeviceCount > 0 ? .cuda(0) : .cpu))
        #expect(throws: TensorError.self) { try Device(parsing: "tpu") }
        if Runtime.cudaDeviceCount == 0 {
            #expect(throws: TensorError.self) { try Device(parsing: "cuda:0") }
        }
    }

    @Test(.enabled(if: Runtime.cudaDeviceCount > 0, "needs a CUDA device"))
    func cudaTensorsWhenAGPUIsPresent() throws {
        let x = try Tensor([1, 2, 3], shape: [3]).moved(to: .cuda(0))
        #expect(x.device == .cuda(0))
        #expect((x * 2).floats() == [2, 4, 6])
    }
}
