import FaceSet
import Foundation
import Imaging

/// DFL's extraction of one frame (reference §2.1): detect (trying the four turns), place
/// landmarks, align and cut each face. Stateless and safe to call from several threads.
public struct FaceExtractor: Sendable {
    public let detector: any FaceDetector
    public let landmarker: any FaceLandmarker
    public let settings: ExtractionSettings

    public init(detector: any FaceDetector, landmarker: any FaceLandmarker, settings: ExtractionSettings) {
        self.detector = detector
        self.landmarker = landmarker
        self.settings = settings
    }

    /// A decoded frame as DFL uses it: 3-channel BGR uint8 with even width and height.
    public static func prepare(_ frame: Image) -> Image {
        var image = frame.format == .uint8 ? frame : frame.converted(to: .uint8, scale: 255)
        switch image.channels {
        case 1: image = image.converted(.grayToBgr)
        case 4: image = image.converted(.bgraToBgr)
        default: break
        }
        let (evenWidth, evenHeight) = (image.width - image.width % 2, image.height - image.height % 2)
        if evenWidth != image.width || evenHeight != image.height {
            image = image.cropped(x: 0, y: 0, width: evenWidth, height: evenHeight)
        }
        return image
    }

    /// Detected faces with their landmarks, in frame pixels, largest first and at most
    /// `settings.maxFaces` (0 = all). Frames smaller than 128 px on a side have no faces, as in DFL.
    /// `upright` holds the detector's result for the unturned frame when it was already run
    /// (batched over several frames).
    public func locateFaces(in frame: Image, upright: [FaceDetection]? = nil) throws -> [(detection: FaceDetection, landmarks: [SIMD2<Float>])] {
        guard min(frame.width, frame.height) >= 128 else { return [] }
        for rotation in FrameRotation.allCases {
            let turned = rotation.apply(to: frame)
            var faces = try rotation == .none ? (upright ?? detector.detect(in: turned)) : detector.detect(in: turned)
            guard !faces.isEmpty else { continue }
            if settings.maxFaces > 0 { faces = Array(faces.prefix(settings.maxFaces)) }
            return try faces.map { face in
                let points = try landmarker.landmarks(in: turned, face: face)
                return (rotation.unrotate(face, width: frame.width, height: frame.height),
                        points.map { rotation.unrotate($0, width: frame.width, height: frame.height) })
            }
        }
        return []
    }

    /// The aligned face for `landmarks`, or nil when DFL's sanity check rejects it (for face types
    /// up to full_face_no_align: the crop covers more than 4× the detector's box).
    public func align(frame: Image, frameName: String, detection: FaceDetection, landmarks: [SIMD2<Float>]) -> ExtractedFace? {
        let size = settings.imageSize
        let transform = FaceAlignment.transform(landmarks: landmarks, size: size, faceType: settings.faceType)
        if settings.faceType <= .fullNoAlign {
            let last = Float(size - 1)
            let crop = transform.inverted().apply(to: [SIMD2<Float>(0, 0), SIMD2(0, last), SIMD2(last, last), SIMD2(last, 0)])
            if FaceAlignment.polygonArea(crop) > 4 * abs(detection.area) { return nil }
        }
        let image = frame.warpedAffine(transform, width: size, height: size, interpolation: .linear)
        let metadata = AlignedFace(
            faceType: settings.faceType, landmarks: transform.apply(to: landmarks), sourceFilename: frameName,
            sourceRect: SourceRect(left: Int(detection.left), top: Int(detection.top),
                                   right: Int(detection.right), bottom: Int(detection.bottom)),
            sourceLandmarks: landmarks,
            imageToFaceMatrix: transform)
        return ExtractedFace(image: image, metadata: metadata, detection: detection, transform: transform)
    }
}
