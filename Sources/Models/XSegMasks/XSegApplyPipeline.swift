import FaceGeometry
import FaceSet
import Foundation
import Imaging

/// DFL's per-face steps of `xseg apply` (`mainscripts/XSegUtil.py apply_xseg`, reference §4.2)
/// around the network: the aligned face brought to the model's input, and the network's mask
/// brought back to the mask DFL stores (the model's resolution, binarised at 0.5).
///
/// A face of the model's face type (or any face when the model's type is unknown, DFL's `same`)
/// is resized to the model's resolution R with Lanczos-4 when its size differs. A face of
/// another type is warped onto the model type's crop (`FaceTypeWarp`, from its
/// `source_landmarks`) at its own width w — bilinear, because DFL passes `INTER_LANCZOS4` where
/// `cv2.warpAffine` takes `dst` — then resized to R with Lanczos-4; its mask is resized to w,
/// warped back (`WARP_INVERSE_MAP | INTER_LANCZOS4`, zeros outside) and resized to R, both with
/// Lanczos-4.
public enum XSegApplyPipeline {
    /// One face made ready for the network.
    public struct Input: Sendable {
        /// The network's input: R×R, BGR, float32 in 0…1.
        public var image: Image
        /// Aligned face → the model type's crop at the face's width; nil when no warp was needed.
        public var warp: AffineMatrix?
        /// The aligned face's width in pixels.
        public var width: Int
    }

    /// The network's input for `image` (the aligned face, BGR, `uint8` or float32 in 0…1) whose
    /// metadata is `face`, for a model of `resolution` trained on `modelFaceType` faces (nil:
    /// DFL's `same`, no warp). `sourceName` names the face in errors: a face of another type
    /// needs its frame landmarks and a face type DFL can crop.
    public static func input(_ image: Image, face: AlignedFace, modelFaceType: FaceType?, resolution: Int,
                             sourceName: String) throws(FacesetError) -> Input {
        let image = image.format == .float32 ? image : image.converted(to: .float32)
        let width = image.width
        guard let modelFaceType, modelFaceType != face.faceType else {
            let sized = width != resolution || image.height != resolution
                ? image.resized(width: resolution, height: resolution, interpolation: .lanczos4) : image
            return Input(image: sized, warp: nil, width: width)
        }
        guard let landmarks = face.sourceLandmarks, landmarks.count == 68 else {
            throw FacesetError(file: sourceName, reason: "is a \(face.faceType.name) face without its frame landmarks (source_landmarks), so it cannot be warped to the model's \(modelFaceType.name) crop; re-extract it, or apply with --face-type same")
        }
        guard let warp = FaceTypeWarp.matrix(sourceLandmarks: landmarks, size: width, from: face.faceType, to: modelFaceType) else {
            throw FacesetError(file: sourceName, reason: "is a \(face.faceType.name) face, which cannot be warped to the model's \(modelFaceType.name) crop; apply with --face-type same")
        }
        let warped = image.warpedAffine(warp, width: width, height: width, interpolation: .linear)
        return Input(image: warped.resized(width: resolution, height: resolution, interpolation: .lanczos4), warp: warp, width: width)
    }

    /// The mask DFL stores for the network's `mask` (R×R, one float32 channel) of `input`:
    /// brought back to the face's crop when it was warped, then 1 where it is ≥ 0.5, else 0.
    public static func storedMask(_ mask: Image, input: Input, resolution: Int) -> Image {
        var mask = mask
        if let warp = input.warp {
            let width = input.width
            mask = mask.resized(width: width, height: width, interpolation: .lanczos4)
                .warpedAffine(warp, width: width, height: width, interpolation: .lanczos4, inverse: true)
                .resized(width: resolution, height: resolution, interpolation: .lanczos4)
        }
        return mask.binarized(at: 0.5)
    }
}
