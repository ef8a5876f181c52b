import Foundation
@testable import Tensors
import Testing
import TestSupport

/// Ops and gradients against fixtures from Tests/Reference/make_torch_fixtures.py.
@Suite struct ReferenceOpsTests {
    @Test(arguments: [("conv2d_k5s2", 2), ("conv2d_k3s1", 1)])
    func conv2dWithDFLPaddingAndGradients(name: String, stride: Int) throws {
        let f = try ReferenceFixtures.tensors("torch/\(name).safetensors")
        let x = f["x"]!, w = f["w"]!, b = f["b"]!
        x.requiresGrad = true; w.requiresGrad = true; b.requiresGrad = true
        let out = x.conv2d(w, bias: b, stride: stride, padding: .same)
        #expect(allClose(out, f["out"]!, rtol: 1e-4, atol: 1e-4))
        (out * f["upstream"]!).sum().backward()
        #expect(allClose(x.grad!, f["dx"]!, rtol: 1e-4, atol: 1e-4))
        #expect(allClose(w.grad!, f["dw"]!, rtol: 1e-4, atol: 1e-4))
        #expect(allClose(b.grad!, f["db"]!, rtol: 1e-4, atol: 1e-4))
    }

    /// Without gradients the CPU convolution runs on oneDNN whatever its size.
    @Test(arguments: [("conv2d_k5s2", 2), ("conv2d_k3s1", 1)])
    func conv2dInferenceMatchesPyTorch(name: String, stride: Int) throws {
        let f = try ReferenceFixtures.tensors("torch/\(name).safetensors")
        let x = f["x"]!, w = f["w"]!, b = f["b"]!
        let output = withoutGradients { x.conv2d(w, bias: b, stride: stride, padding: .same) }
        #expect(allClose(output, f["out"]!, rtol: 1e-4, atol: 1e-4))
    }

    @Test(arguments: ["conv_transpose_k3", "conv_transpose_k4"])
    func convTransposeWithTensorFlowSamePadding(name: String) throws {
        let f = try ReferenceFixtures.tensors("torch/\(name).safetensors")
        let x = f["x"]!, wDFL = f["w_dfl"]!, b = f["b"]!
        x.requiresGrad = true; wDFL.requiresGrad = true; b.requiresGrad = true
        let out = x.convTranspose2dSame(wDFL.permuted([3, 2, 0, 1]), bias: b, stride: 2)
        #expect(out.shape == [2, 3, 10, 12])
        #expect(allClose(out, f["out"]!, rtol: 1e-4, atol: 1e-4))
        (out * f["upstream"]!).sum().backward()
        #expect(allClose(x.grad!, f["dx"]!, rtol: 1e-4, atol: 1e-4))
        #expect(allClose(wDFL.grad!, f["dw_dfl"]!, rtol: 1e-4, atol: 1e-4))
        #expect(allClose(b.grad!, f["db"]!, rtol: 1e-4, atol: 1e-4))
    }

    @Test func depthToSpaceInBothOrders() throws {
        let f = try ReferenceFixtures.tensors("torch/depth_to_space.safetensors")
        let x = f["x"]!
        #expect(allClose(x.depthToSpace(2, order: .tensorflow), f["dcr"]!, rtol: 0, atol: 0))
        #expect(allClose(x.depthToSpace(2, order: .pytorch), f["crd"]!, rtol: 0, atol: 0))
        #expect(allClose(f["dcr"]!.spaceToDepth(2, order: .tensorflow), x, rtol: 0, atol: 0))
        #expect(allClose(f["crd"]!.spaceToDepth(2, order: .pytorch), x, rtol: 0, atol: 0))
        #expect(!allClose(x.depthToSpace(2, order: .tensorflow), f["crd"]!, rtol: 0, atol: 0))
    }
}
