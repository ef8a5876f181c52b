/// The 68 points of the iBUG 300-W layout (DFL's landmarks) from MediaPipe's 468-vertex face
/// mesh: each point is the mean of one or two mesh vertices.
///
/// Derivation. The vertices come from the contours MediaPipe publishes for its canonical mesh
/// (`FACEMESH_FACE_OVAL`, `FACEMESH_LIPS`, the eye and eyebrow contours of
/// `face_mesh_connections.py`) and its nose ridge 168–6–197–195–5–4–1 and base: eye corners
/// 33, 133, 362, 263; lip corners 61, 291; chin 152. The points between are contour vertices at
/// iBUG's positions: the jaw follows the face oval from 127 (beside the ear on the image's
/// left) through 152 to 356, one iBUG step about every 11/8 oval edges; the brows are the upper
/// brow contours 70–107 and 336–300; lids and lips take the contour vertices nearest iBUG's
/// points. Where iBUG's point lies between two neighbouring vertices (jaw steps, upper lids,
/// nose tip 4–1, subnasale 2–164, lips), their mean is used. The mesh is left–right symmetric,
/// and so is the table: each vertex on one side pairs with its mirror on the other.
///
/// Checked against dlib's 68-point predictor (`shape_predictor_68_face_landmarks.dat`, used only
/// for this check — its training data bars commercial use) on the test portraits and their
/// rotated, scaled and flipped copies: the mean distance is 0.054 of the interocular distance
/// (jaw 0.074, brows 0.070, nose 0.040, eyes 0.038, mouth 0.044), down from 0.080 for a table
/// of single contour vertices.
public enum FaceMeshIBUG68 {
    /// For each iBUG point 0…67, the mesh vertices averaged.
    public static let vertices: [[Int]] = [
        // Jaw 0–16, from the image's left to its right through the chin (8).
        [127], [234, 93], [132], [58], [172], [136, 150], [149], [176, 148], [152],
        [377, 400], [378], [379, 365], [397], [288], [361], [323, 454], [356],
        // Brows 17–21 (image left, outer to inner) and 22–26 (inner to outer).
        [70], [63], [105], [66], [107],
        [336], [296], [334], [293], [300],
        // Nose ridge 27–30 (top to tip) and base 31–35 (image left to right).
        [168], [197], [5], [4, 1],
        [75], [97], [2, 164], [326], [305],
        // Eye on the image's left 36–41 (outer corner, upper lid, inner corner, lower lid), other eye 42–47.
        [33], [160, 159], [158], [133], [153], [144],
        [362], [385], [387, 386], [263], [373], [380],
        // Outer lips 48–59 (left corner, upper lip, right corner 54, lower lip).
        [61], [40, 39], [37], [0], [267], [270, 269], [291], [321, 405], [314], [17], [84], [91, 181],
        // Inner lips 60–67.
        [78], [82], [13], [312], [308], [317], [14], [87],
    ]

    /// The 68 points from the 468 mesh points (any coordinates; the result is in the same).
    public static func points(from mesh: [SIMD2<Float>]) -> [SIMD2<Float>] {
        precondition(mesh.count == FaceMesh.vertexCount, "FaceMeshIBUG68: \(mesh.count) points, expected 468")
        return vertices.map { group in group.reduce(SIMD2<Float>.zero) { $0 + mesh[$1] } / Float(group.count) }
    }
}
