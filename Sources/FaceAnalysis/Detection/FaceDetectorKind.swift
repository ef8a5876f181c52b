import FaceSet
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
                throw ExtractionError("the s3fd detector needs DFL's S3FD.npy: pass --dfl-models DIR (DFL's _internal/DeepFaceLab/facelib)")
            }
            return try dflModels.detector(device: device)
        }
    }
}

/// The landmarkers Masque has, by command-line name.
public enum LandmarkerKind: String, Sendable, CaseIterable {
    /// MediaPipe FaceMesh 468 → 68 points (TFLite, Apache-2.0): the default.
    case facemesh
    /// dlib's 68-point ERT shape predictor (its training data bars commercial use).
    case dlib
    /// DFL's 2DFAN (3DFAN for head), from the user's own DFL installation (`--dfl-models`).
    case fan = "2dfan"

    /// Builds the landmarker for `faceType`; `dflModels` is needed for `2dfan`.
    public func make(store: ModelStore, dflModels: DFLModelFolder?, faceType: FaceType, device: Device) throws -> any FaceLandmarker {
        switch self {
        case .facemesh:
            return try FaceMeshLandmarker(store: store, device: device)
        case .dlib:
            return try DlibLandmarker(contentsOf: try store.file(for: ModelCatalog.dlibLandmarks68))
        case .fan:
            guard let dflModels else {
                throw ExtractionError("the 2dfan landmarker needs DFL's 2DFAN.npy/3DFAN.npy: pass --dfl-models DIR (DFL's _internal/DeepFaceLab/facelib)")
            }
            return try dflModels.landmarker(for: faceType, device: device)
        }
    }
}
