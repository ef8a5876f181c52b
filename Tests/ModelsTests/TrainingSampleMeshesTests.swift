import FaceGeometry
import Foundation
import Imaging
@testable import Models
import Tensors
import Testing
import TestSupport
import Training

/// Training finds the face meshes the mesh default mask needs when the faceset loads: for
/// whole_face and head models with `default_mask` mesh, for faces without an applied XSeg mask.
@Suite struct TrainingSampleMeshesTests {
    @Test func meshesAreFoundOnlyWhereTheDefaultMaskNeedsThem() throws {
        var samples = Array(try TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples.prefix(2))
        samples[1].xsegMask = Image(width: 64, height: 64, channels: 1, repeating: Float(1))
        let found = try TrainingSampleMeshes(mask: .mesh, faceType: .wholeFace, device: .cpu).attach(to: samples)
        #expect(found[0].meshPoints?.count == 468 && found[1].meshPoints == nil)
        let points = try #require(found[0].meshPoints)
        #expect(points.allSatisfy { $0.x > -16 && $0.x < 80 && $0.y > -16 && $0.y < 80 }, "the mesh lies on the 64-px face")
        for (mask, faceType) in [(DefaultFaceMask.hull, FaceType.wholeFace), (.mesh, .full)] {
            let unchanged = try TrainingSampleMeshes(mask: mask, faceType: faceType, device: .cpu).attach(to: samples)
            #expect(unchanged.allSatisfy { $0.meshPoints == nil })
        }
    }
}
