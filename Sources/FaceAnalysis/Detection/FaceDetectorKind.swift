import DFLFormats
import Foundation
import Tensors

/// The face detectors Masque has, by command-line name: the one table a new detector is added to.
public enum FaceDetectorKind: String, Sendable, CaseIterable {
    /// CenterFace (ONNX, MIT): the default.
    case centerface
    /// MediaPipe BlazeFace, full range (TFLite, Apache-2.0).
    case blazeface
    /// DFL's S3FD, from the user's own DFL installation (`--dfl-models`).
    case s3fd

    /// Builds the detector; `dflModels` is needed for `s3fd`.
    public func make(store: ModelStore, dflModels: DFLModelFolder?, device: Device) throws -> any FaceDetector {
        switch self {
        case .centerface:
            return try CenterFaceDetector(store: store, device: device)
        case .blazeface:
            return try BlazeFaceDetector(model: .fullRange, store: store, device: device)
        case .s3fd:
            guard let dflModels else {
                throw DFLModelError("the s3fd detector needs DFL's S3FD.npy: pass --dfl-models DIR (DFL's _internal/DeepFaceLab/facelib)")
            }
            return try S3FDDetector(dflModels: dflModels, device: device)
        }
    }
}
