@testable import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Media
import Testing
import TestSupport

/// The identity filter and `sort --method identity` on frames showing two people.
@Suite(.serialized) struct IdentityFilterTests {
    let astronaut: Image
    let hopper: Image
    let extractor: FaceExtractor
    let store = ModelStore.standard()

    init() throws {
        astronaut = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        hopper = try Image(contentsOf: ReferenceFixtures.url("portraits/grace_hopper.jpg"), mode: .color)
        let fetcher = ModelFetcher(store: store)
        for asset in [ModelCatalog.centerFace, ModelCatalog.faceMesh, ModelCatalog.dlibFaceEmbedding] { try fetcher.fetch(asset) }
        extractor = FaceExtractor(detector: try CenterFaceDetector(store: store), landmarker: try FaceMeshLandmarker(store: store),
                                  settings: ExtractionSettings(faceType: .full, imageSize: 256))
    }

    @Test func referenceFaceKeepsOnlyThatPerson() throws {
        let folder = try TemporaryDirectory("masque-identity")
        let frames = folder.file("frames")
        try PortraitFrames.writeTwoPeople(count: 3, astronaut, hopper, into: frames)
        let referenceFile = folder.file("hopper.jpg")
        try hopper.write(to: referenceFile, as: .jpeg(quality: 95))
        let embedder = try FaceEmbedder(contentsOf: try store.file(for: ModelCatalog.dlibFaceEmbedding))
        let filter = try ReferenceIdentityFilter(referenceImages: [referenceFile], embedder: embedder, locate: { try extractor.locateFaces(in: $0) })
        let aligned = folder.file("aligned")
        let report = try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor, identityFilter: filter).run()
        #expect(report.facesWritten == 3, "one face per frame: Grace Hopper only")
        for index in 1...3 {
            let face = try AlignedFaceImage(contentsOf: aligned.appendingPathComponent(String(format: "%05d_0.jpg", index))).face()
            let centre = (face.sourceLandmarks ?? []).reduce(SIMD2<Float>.zero, +) / 68
            let hopperOnLeft = index % 2 == 0
            #expect(hopperOnLeft ? centre.x < 550 : centre.x > 550, "frame \(index): kept the face at x = \(centre.x)")
        }
    }

    @Test func identitySortGroupsAFacesetByPerson() throws {
        let folder = try TemporaryDirectory("masque-identity")
        let frames = folder.file("frames")
        try PortraitFrames.writeTwoPeople(count: 3, astronaut, hopper, into: frames)
        let aligned = folder.file("aligned")
        let report = try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor).run()
        #expect(report.facesWritten == 6)
        let faces = try FacesetSorter.faces(in: aligned)
        let embedder = try FaceEmbedder(contentsOf: try store.file(for: ModelCatalog.dlibFaceEmbedding))
        let outcome = try IdentitySort().sort(faces, options: SortOptions(identityEmbedder: embedder))
        #expect(outcome.trashed.isEmpty)
        let groups = outcome.kept.map { outcome.scores[$0]! }
        #expect(groups == [0, 0, 0, 1, 1, 1], "two groups of three: \(groups)")
        let firstGroup = outcome.kept.prefix(3).map { faces[$0].url }
        let centres = try firstGroup.map { try AlignedFaceImage(contentsOf: $0).face().sourceLandmarks!.reduce(SIMD2<Float>.zero, +).x / 68 }
        let names = firstGroup.map { $0.lastPathComponent }
        // The first group is one person: on frames 1 and 3 on one side, on frame 2 on the other.
        let sides = zip(names, centres).map { name, x in (Int(name.prefix(5))! % 2 == 0) == (x < 550) }
        #expect(Set(sides).count == 1, "\(names) at \(centres)")
    }
}
