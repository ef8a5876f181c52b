import FaceGeometry
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

    /// Frames whose shorter side is below this have no faces (DFL's rule): no detector can find one.
    public static let minimumFrameSide = 128

    /// Whether `frame` is too small for any face to be found in it.
    public static func isTooSmall(_ frame: Image) -> Bool {
        min(frame.width, frame.height) < minimumFrameSide
    }

    /// A decoded frame as DFL uses it: 3-channel BGR uint8 with even width and height (a frame
    /// one pixel wide or high stays as it is: it is too small to hold a face anyway).
    public static func prepare(_ frame: Image) -> Image {
        var image = frame.format == .uint8 ? frame : frame.converted(to: .uint8, scale: 255)
        switch image.channels {
        case 1: image = image.converted(.grayToBgr)
        case 4: image = image.converted(.bgraToBgr)
        default: break
        }
        let (evenWidth, evenHeight) = (image.width - image.width % 2, image.height - image.height % 2)
        if evenWidth > 0, evenHeight > 0, evenWidth != image.width || evenHeight != image.height {
            image = image.cropped(x: 0, y: 0, width: evenWidth, height: evenHeight)
        }
        return image
    }

    /// Detected faces with their landmarks, in frame pixels, largest first and at most
    /// `settings.maxFaces` (0 = all). Frames smaller than 128 px on a side have no faces, as in DFL.
    /// `upright` holds what `locateUprightFaces(in:)` found in the unturned frame when it was
    /// already run (batched over several frames); the turned frames are searched only when it
    /// holds no face.
    public func locateFaces(in frame: Image, upright: [LocatedFace]? = nil) throws
        -> [LocatedFace] {
        guard !Self.isTooSmall(frame) else { return [] }
        if let upright, !upright.isEmpty { return upright }
        for rotation in FrameRotation.allCases where upright == nil || rotation != .none {
            let turned = rotation.apply(to: frame)
            let faces = kept(try detector.detect(in: turned))
            guard !faces.isEmpty else { continue }
            return try faces.map { face in
                let points = try landmarker.landmarks(in: turned, face: face)
                return LocatedFace(detection: rotation.unrotate(face, width: frame.width, height: frame.height),
                                   landmarks: points.map { rotation.unrotate($0, width: frame.width, height: frame.height) })
            }
        }
        return []
    }

    /// The faces of each frame found without turning it, as `locateFaces(in:)` finds them there:
    /// the detector runs once on all the frames and the landmarker once on all their faces (at
    /// most `settings.maxFaces` per frame). Frames smaller than 128 px on a side have no faces.
    public func locateUprightFaces(in frames: [Image]) throws -> [[LocatedFace]] {
        let searched = frames.indices.filter { !Self.isTooSmall(frames[$0]) }
        var detections = [[FaceDetection]](repeating: [], count: frames.count)
        for (index, faces) in zip(searched, try detector.detect(in: searched.map { frames[$0] })) {
            detections[index] = kept(faces)
        }
        let requests = detections.enumerated().flatMap { index, faces in faces.map { (frame: frames[index], face: $0) } }
        let placed = try landmarker.landmarks(in: requests)
        var next = 0
        return detections.map { faces in
            let located = faces.enumerated().map { LocatedFace(detection: $0.element, landmarks: placed[next + $0.offset]) }
            next += faces.count
            return located
        }
    }

    /// The first `settings.maxFaces` of `faces` (all when 0).
    func kept<Face>(_ faces: [Face]) -> [Face] {
        settings.maxFaces > 0 ? Array(faces.prefix(settings.maxFaces)) : faces
    }

    /// This extractor keeping every face it finds (`settings.maxFaces` 0), for callers that
    /// filter the faces before limiting their number.
    public func keepingEveryFace() -> FaceExtractor {
        var settings = settings
        settings.maxFaces = 0
        return FaceExtractor(detector: detector, landmarker: landmarker, settings: settings)
    }

    /// The aligned face for `landmarks`, or nil when DFL's sanity check rejects it (for face types
    /// up to full_face_no_align: the crop covers more than 4× the detector's box). Faces placed by
    /// hand (`placedByHand`) skip the check, as in DFL's manual extraction.
    public func align(frame: Image, frameName: String, detection: FaceDetection, landmarks: [SIMD2<Float>],
                      placedByHand: Bool = false) -> ExtractedFace? {
        let size = settings.imageSize
        let transform = FaceAlignment.transform(landmarks: landmarks, size: size, faceType: settings.faceType)
        if settings.faceType <= .fullNoAlign, !placedByHand {
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
