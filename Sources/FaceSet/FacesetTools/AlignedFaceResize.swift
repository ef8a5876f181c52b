import FaceGeometry
import Foundation
import Imaging

/// One aligned face resized as DFL's `FacesetResizer` does (reference §11).
///
/// Keeping the face type, the image is scaled with Lanczos4; landmarks and polygon points are
/// scaled with it, the applied XSeg mask is kept as it is. Changing the face type, the image is
/// re-cropped with Lanczos4 through `get_transform_mat(landmarks, size, new type)`; landmarks and
/// polygons go through the same matrix and the XSeg mask is re-cropped at its own size and
/// binarised at 0.5. Either way the frame → face matrix, when the face has one, is recomputed
/// from the source landmarks for the (new) face type, and the JPEG is written at quality 100
/// with every other metadata key kept.
///
/// Where DFL fails, Masque carries on: a face without source landmarks, or a `mark_only` face,
/// gets its stored frame → face matrix followed by the resize instead of a recomputed one, and a
/// mask that is not 256 wide is re-cropped at its own size (DFL assumes 256).
public enum AlignedFaceResize {
    /// What became of one face.
    public enum Outcome: Sendable {
        /// The resized face: a JPEG file with its metadata.
        case resized([UInt8])
        /// DFL leaves this face out (it is not square); why.
        case skipped(FacesetError)
    }

    /// Resizes the aligned face JPEG `bytes`; `sourceName` names it in errors. Throws when the
    /// file is not an aligned face or cannot be decoded.
    public static func resize(jpeg bytes: [UInt8], sourceName: String, options: FacesetResizeOptions) throws(FacesetError) -> Outcome {
        let original = try AlignedFaceImage(bytes: bytes, sourceName: sourceName)
        guard original.hasMetadata else {
            throw FacesetError(file: sourceName, reason: "has no DFL metadata; move it out of the faceset or restore its metadata (masque faceset metadata-restore)")
        }
        var face = try original.face()
        if let frame = original.jpeg.frameSize, frame.width != frame.height {
            return .skipped(notSquare(sourceName, width: frame.width, height: frame.height))
        }
        let pixels = try decode(bytes, sourceName: sourceName)
        guard pixels.width == pixels.height else {
            return .skipped(notSquare(sourceName, width: pixels.width, height: pixels.height))
        }
        let resized: Image
        if let faceType = options.faceType {
            resized = try recrop(&face, pixels: pixels, size: options.size, faceType: faceType, sourceName: sourceName)
        } else {
            resized = rescale(&face, pixels: pixels, size: options.size)
        }
        return .resized(try AlignedFaceImage(image: resized, quality: 100, face: face, sourceName: sourceName).encoded())
    }

    /// Same face type: `cv2.resize` and everything scaled by `size / width`.
    private static func rescale(_ face: inout AlignedFace, pixels: Image, size: Int) -> Image {
        let scale = Double(pixels.width) / Double(size)
        face.landmarks = face.landmarks.map { SIMD2<Float>(SIMD2<Double>($0) / scale) }
        let factor = Float(1.0 / scale)
        face.xsegPolygons = face.xsegPolygons.map { XSegPolygon(kind: $0.kind, points: $0.points.map { $0 * factor }) }
        if let stored = face.imageToFaceMatrix {
            let scaling = AffineMatrix(m00: 1 / scale, m01: 0, m02: 0, m10: 0, m11: 1 / scale, m12: 0)
            face.imageToFaceMatrix = frameMatrix(stored: stored, sourceLandmarks: face.sourceLandmarks, size: size,
                                                 faceType: face.faceType, faceToResized: scaling)
        }
        return pixels.resized(width: size, height: size, interpolation: .lanczos4)
    }

    /// New face type: `warpAffine` through the new crop of the aligned landmarks.
    private static func recrop(_ face: inout AlignedFace, pixels: Image, size: Int, faceType: FaceType,
                               sourceName: String) throws(FacesetError) -> Image {
        let crop = try alignment(face.landmarks, size: size, faceType: faceType, sourceName: sourceName)
        if let mask = face.xsegMask {
            face.xsegMask = try recropMask(mask, landmarks: face.landmarks, faceWidth: pixels.width, faceType: faceType,
                                           sourceName: sourceName)
        }
        face.xsegPolygons = face.xsegPolygons.map { XSegPolygon(kind: $0.kind, points: crop.apply(to: $0.points)) }
        face.landmarks = crop.apply(to: face.landmarks)
        if let stored = face.imageToFaceMatrix {
            face.imageToFaceMatrix = frameMatrix(stored: stored, sourceLandmarks: face.sourceLandmarks, size: size,
                                                 faceType: faceType, faceToResized: crop)
        }
        face.faceType = faceType
        return pixels.warpedAffine(crop, width: size, height: size, interpolation: .lanczos4)
    }

    /// The applied mask re-cropped at its own width `m` through the crop of `landmarks × m / faceWidth`
    /// (Lanczos4), then binarised at 0.5 and re-encoded.
    private static func recropMask(_ mask: EncodedXSegMask, landmarks: [SIMD2<Float>], faceWidth: Int, faceType: FaceType,
                                   sourceName: String) throws(FacesetError) -> EncodedXSegMask {
        let decoded = try mask.decoded(sourceName: sourceName)
        let resolution = decoded.width
        let factor = Float(Double(resolution) / Double(faceWidth))
        let crop = try alignment(landmarks.map { $0 * factor }, size: resolution, faceType: faceType, sourceName: sourceName)
        let warped = decoded.warpedAffine(crop, width: resolution, height: resolution, interpolation: .lanczos4)
        let binary = warped.pixels(as: Float.self).map { $0 >= 0.5 ? Float(1) : 0 }
        do {
            return try EncodedXSegMask(encoding: Image(width: resolution, height: resolution, channels: 1, pixels: binary))
        } catch {
            throw FacesetError(file: sourceName, reason: "re-cropped XSeg mask cannot be encoded (\(error))")
        }
    }

    /// The frame → resized face matrix: DFL's `get_transform_mat(source_landmarks, size, type)`;
    /// where that cannot be computed, the stored matrix followed by `faceToResized`.
    private static func frameMatrix(stored: AffineMatrix, sourceLandmarks: [SIMD2<Float>]?, size: Int, faceType: FaceType,
                                    faceToResized: AffineMatrix) -> AffineMatrix {
        if let sourceLandmarks, sourceLandmarks.count == 68, faceType != .markOnly {
            let recomputed = FaceAlignment.transform(landmarks: sourceLandmarks, size: size, faceType: faceType)
            if recomputed.elements.allSatisfy(\.isFinite) { return recomputed }
        }
        return composition(faceToResized, after: stored)
    }

    /// `get_transform_mat(landmarks, size, faceType)`, refused for landmarks that define no face.
    private static func alignment(_ landmarks: [SIMD2<Float>], size: Int, faceType: FaceType,
                                  sourceName: String) throws(FacesetError) -> AffineMatrix {
        guard landmarks.count == 68 else {
            throw FacesetError(file: sourceName, reason: "has \(landmarks.count) landmarks; re-cropping to another face type needs 68")
        }
        let matrix = FaceAlignment.transform(landmarks: landmarks, size: size, faceType: faceType)
        guard matrix.elements.allSatisfy(\.isFinite) else {
            throw FacesetError(file: sourceName, reason: "its landmarks define no face to re-crop (degenerate alignment)")
        }
        return matrix
    }

    /// `outer ∘ inner`: the map applying `inner`, then `outer`.
    private static func composition(_ outer: AffineMatrix, after inner: AffineMatrix) -> AffineMatrix {
        AffineMatrix(m00: outer.m00 * inner.m00 + outer.m01 * inner.m10,
                     m01: outer.m00 * inner.m01 + outer.m01 * inner.m11,
                     m02: outer.m00 * inner.m02 + outer.m01 * inner.m12 + outer.m02,
                     m10: outer.m10 * inner.m00 + outer.m11 * inner.m10,
                     m11: outer.m10 * inner.m01 + outer.m11 * inner.m11,
                     m12: outer.m10 * inner.m02 + outer.m11 * inner.m12 + outer.m12)
    }

    private static func decode(_ bytes: [UInt8], sourceName: String) throws(FacesetError) -> Image {
        do throws(ImagingError) {
            return try Image(encoded: Data(bytes), mode: .unchanged, source: sourceName)
        } catch .corrupt {
            throw FacesetError(file: sourceName, reason: "is a corrupt or truncated JPEG; re-extract it or move it out of the faceset")
        } catch {
            throw FacesetError(file: sourceName, reason: "cannot be decoded (\(error))")
        }
    }

    private static func notSquare(_ sourceName: String, width: Int, height: Int) -> FacesetError {
        FacesetError(file: sourceName, reason: "is \(width)x\(height), not square; DFL resizes square faces only, so it is left as it is")
    }
}
