import DFLFormats
import FaceGeometry
import Foundation
import Tensors

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
                throw DFLModelError("the 2dfan landmarker needs DFL's 2DFAN.npy/3DFAN.npy: pass --dfl-models DIR (DFL's _internal/DeepFaceLab/facelib)")
            }
            return try FANLandmarker(dflModels: dflModels, faceType: faceType, device: device)
        }
    }
}
