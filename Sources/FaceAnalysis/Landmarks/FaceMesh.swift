import Imaging

/// MediaPipe FaceMesh's answer for one face: 468 vertices of its canonical face mesh in frame
/// pixels, the network's confidence that the crop shows a face, and the crop it looked at.
public struct FaceMesh: Sendable {
    /// Number of mesh vertices.
    public static let vertexCount = 468

    /// The vertices (index = MediaPipe's vertex number): x, y in frame pixels (pixel centres at
    /// integers); z is depth relative to the face's centre, in the same pixel scale as x, smaller
    /// towards the camera.
    public let vertices: [SIMD3<Float>]
    /// Sigmoid of the face-flag logit, 0…1: below 0.5 the crop probably holds no face.
    public let faceScore: Float
    /// Crop pixel → frame pixel of the network's 192×192 input.
    public let cropToFrame: AffineMatrix

    public init(vertices: [SIMD3<Float>], faceScore: Float, cropToFrame: AffineMatrix) {
        self.vertices = vertices
        self.faceScore = faceScore
        self.cropToFrame = cropToFrame
    }

    /// The vertices' x, y.
    public var points: [SIMD2<Float>] { vertices.map { SIMD2($0.x, $0.y) } }

    /// The 68 points of the iBUG 300-W layout DFL uses, from `FaceMeshIBUG68`.
    public var ibug68: [SIMD2<Float>] { FaceMeshIBUG68.points(from: points) }
}
