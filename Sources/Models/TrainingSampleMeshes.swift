import FaceAnalysis
import FaceGeometry
import Foundation
import Tensors
import Training

/// The face meshes of training faces for the mesh default mask (`DefaultFaceMask.mesh`): found
/// once when the faceset is loaded (`AlignedFaceMesh`, FaceMesh on each aligned face, in
/// batches), kept with each sample, so every iteration's mask is a polygon fill. Only faces that
/// need a default mask (no applied XSeg mask) of a whole_face or head model are looked at.
struct TrainingSampleMeshes {
    /// The model's `default_mask`.
    var mask: DefaultFaceMask
    /// The model's face type.
    var faceType: FaceType
    /// Where FaceMesh runs.
    var device: Device

    /// `samples` with `meshPoints` set where the default mask needs them; unchanged when it
    /// needs none. Throws when the FaceMesh asset is missing (naming how to fetch it).
    func attach(to samples: [TrainingSample]) throws -> [TrainingSample] {
        guard mask.usesMesh(for: faceType) else { return samples }
        let needed = samples.indices.filter { samples[$0].xsegMask == nil }
        guard !needed.isEmpty else { return samples }
        let landmarker = try FaceMeshLandmarker(store: .standard(), device: device)
        let points = try AlignedFaceMesh.points(of: needed.map { (samples[$0].image, samples[$0].landmarks) }, landmarker: landmarker)
        var result = samples
        for (index, mesh) in zip(needed, points) { result[index].meshPoints = mesh }
        return result
    }
}
