import FaceGeometry
import Foundation
import Imaging
import Testing
import TestSupport
@testable import Training

/// The default mask of faces without an applied XSeg mask (`default_mask`): DFL's landmark hull,
/// or for whole_face and head models the hull of the face mesh found for the sample.
@Suite struct DefaultMaskTests {
    @Test func theMeshHullIsUsedForWholeFaceModelsWhenTheSampleHasAMesh() throws {
        var sample = try #require(try TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples.first)
        #expect(sample.faceType == .wholeFace && sample.xsegMask == nil)
        let (width, height) = (sample.image.width, sample.image.height)
        let hull = FaceHullMask.mask(width: width, height: height, landmarks: sample.landmarks.map(SIMD2<Double>.init))
            .converted(to: .float32, scale: 1).pixels(as: Float.self)
        // A stand-in mesh: a box over the upper half of the face, where DFL's hull stops at the brows.
        sample.meshPoints = [SIMD2(8, 1), SIMD2(56, 1), SIMD2(56, 30), SIMD2(8, 30)]
        let mesh = MeshHullMask.mask(width: width, height: height, landmarks: sample.landmarks, meshPoints: sample.meshPoints!)
            .converted(to: .float32, scale: 1).pixels(as: Float.self)
        #expect(zip(hull, mesh).allSatisfy { $0 <= $1 }, "the mesh hull keeps DFL's hull")
        #expect(mesh.reduce(0, +) > hull.reduce(0, +) + 100)

        let meshProcessor = SampleProcessor(resolution: 64, faceType: .wholeFace, defaultMask: .mesh)
        #expect(meshProcessor.faceMask(of: sample).pixels(as: Float.self) == mesh)
        #expect(SampleProcessor(resolution: 64, faceType: .head, defaultMask: .mesh).faceMask(of: sample).pixels(as: Float.self) == mesh)
        #expect(SampleProcessor(resolution: 64, faceType: .full, defaultMask: .mesh).faceMask(of: sample).pixels(as: Float.self) == hull,
                "full_face models keep DFL's hull")
        #expect(SampleProcessor(resolution: 64, faceType: .wholeFace).faceMask(of: sample).pixels(as: Float.self) == hull,
                "hull is the default")
        var withoutMesh = sample
        withoutMesh.meshPoints = nil
        #expect(meshProcessor.faceMask(of: withoutMesh).pixels(as: Float.self) == hull)
        var applied = sample
        applied.xsegMask = Image(width: width, height: height, channels: 1, repeating: Float(1))
        #expect(meshProcessor.faceMask(of: applied).pixels(as: Float.self).allSatisfy { $0 == 1 }, "an applied XSeg mask wins")
    }

    @Test func theOptionIsDeclaredOnce() throws {
        #expect(DefaultFaceMask.option.name == "default_mask" && DefaultFaceMask.option.defaultValue == .string("hull"))
        #expect(try DefaultFaceMask.option.checked(.string("MESH")) == .string("mesh"))
        #expect(DefaultFaceMask(options: ["default_mask": .string("mesh")]) == .mesh)
        #expect(DefaultFaceMask(options: [:]) == .hull)
    }
}
