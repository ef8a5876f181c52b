@testable import FaceGeometry
@testable import FaceSet
import Foundation
import Imaging
import Testing

/// The shared pieces of sorting: method table, hull mask, head pose, CPBD, chunking.
@Suite struct SortingPrimitiveTests {
    @Test func tableHoldsEveryDFLMethodInMenuOrder() throws {
        #expect(SortMethodTable.names == ["blur", "motion-blur", "face-yaw", "face-pitch", "face-source-rect-size",
                                          "hist", "hist-dissim", "brightness", "hue", "black", "origname", "oneface",
                                          "absdiff", "final", "final-fast", "identity"])
        #expect(try SortMethodTable.method(named: "Final-Fast").name == "final-fast")
        #expect(try SortMethodTable.method(named: SortMethodTable.defaultName).summary == "histogram similarity")
        let error = #expect(throws: SortError.self) { try SortMethodTable.method(named: "final-by-blur") }
        #expect(error?.description.contains("final-fast") == true)
    }

    @Test func metadataComesFromTheJPEGsAPP15() throws {
        for face in try SortingFixtures.faces() {
            let reference = try SortingFixtures.referenceMetadata(for: face.url)
            #expect((face.metadata == nil) == (reference == nil), "\(face.fileName)")
            guard let metadata = face.metadata, let reference else { continue }
            #expect(metadata.sourceRect == reference.sourceRect && metadata.sourceFilename == reference.sourceFilename)
            #expect(metadata.imageWidth == 128)
            for (read, expected) in zip(metadata.landmarks, reference.landmarks) {
                #expect(abs(read.x - expected.x) < 1e-4 && abs(read.y - expected.y) < 1e-4)
            }
        }
        #expect(FaceMetadata.read(from: SortingFixtures.folder.appendingPathComponent("missing.jpg")) == nil)
    }

    @Test func hullMaskCoversTheReferenceArea() throws {
        for face in try SortingFixtures.faces() {
            guard let landmarks = face.metadata?.landmarks else { continue }
            let mask = FaceHullMask.mask(width: 128, height: 128, landmarks: landmarks)
            let area = mask.pixels(as: UInt8.self).reduce(0) { $0 + Int($1) }
            #expect(try area == SortingFixtures.hullArea(of: face.fileName), "hull area of \(face.fileName)")
        }
    }

    @Test func maskingKeepsOnlyTheHull() throws {
        let face = try SortingFixtures.faces()[1]
        let image = try Image(contentsOf: face.url)
        let masked = FaceHullMask.masked(image, landmarks: face.metadata!.landmarks)
        let mask = FaceHullMask.mask(width: 128, height: 128, landmarks: face.metadata!.landmarks)
        for (x, y) in [(0, 0), (64, 64), (127, 127), (64, 5)] {
            let inside = mask[x: x, y: y, channel: 0] == 1
            #expect(masked[x: x, y: y, channel: 1] == (inside ? image[x: x, y: y, channel: 1] : 0))
        }
    }

    @Test func headPoseReadsTurnedFaces() throws {
        let faces = try SortingFixtures.faces()
        let frontal = try #require(HeadPose(landmarks: faces[1].metadata!.landmarks, size: 128))
        #expect(abs(frontal.yaw) < 1e-6 && abs(frontal.pitch) < 1e-6 && abs(frontal.roll) < 1e-6)
        let flipped = faces.first { $0.fileName == "00009_0.jpg" }!
        let pose = try #require(HeadPose(landmarks: flipped.metadata!.landmarks, size: 128))
        #expect(abs(pose.yaw + 0.323) < 0.01, "the flipped yaw-0.35 face looks the other way")
    }

    @Test func cpbdFallsWithBlur() throws {
        let image = try Image(contentsOf: SortingFixtures.folder.appendingPathComponent("00012_0.jpg"))
        let sharp = CPBDSharpness.score(image)
        let blurred = CPBDSharpness.score(image.gaussianBlurred(kernelSize: 0, sigma: 1.5))
        #expect(sharp > 0.3 && blurred < sharp / 2)
        #expect(CPBDSharpness.score(Image(width: 64, height: 64, channels: 1, repeating: UInt8(7))) == 0)
        #expect(CPBDSharpness.score(Image(width: 63, height: 200, channels: 3, repeating: UInt8(7))) == 0)
    }

    @Test func histogramChunksFollowDFL() throws {
        let expected = try SortingFixtures.expected["hist_chunks"] as! [String: [Int]]
        for (count, sizes) in expected {
            #expect(HistogramSimilaritySort.chunkSizes(count: Int(count)!) == sizes, "chunks of \(count)")
        }
    }

    @Test func histogramChainSwapsInTheNearestRemainingImage() throws {
        let levels: [[UInt8]] = [[0, 0, 0, 0], [100, 100, 100, 100], [0, 0, 0, 100], [0, 100, 100, 100], [0, 0, 100, 100],
                                 [0, 0, 0, 100]]
        let histograms = levels.map { values in
            let image = Image(width: 4, height: 1, channels: 3, pixels: values.flatMap { [$0, $0, $0] })
            return (0..<3).map { BhattacharyyaHistogram(image, channel: $0) }
        }
        var chain = HistogramChain(histograms: histograms)
        #expect(chain.order() == [0, 2, 5, 4, 3, 1], "nearest first; of two equal candidates the earlier")
    }

    @Test func bhattacharyyaMatchesOpenCVsFormula() {
        var a = Image(width: 4, height: 1, channels: 1, repeating: UInt8(0))
        a[x: 1, y: 0, channel: 0] = 3
        let b = Image(width: 2, height: 1, channels: 1, pixels: [UInt8(3), 3])
        let distance = BhattacharyyaHistogram(a, channel: 0).distance(to: BhattacharyyaHistogram(b, channel: 0))
        #expect(abs(distance - (1 - (1.0 * 2).squareRoot() / (4.0 * 2).squareRoot()).squareRoot()) < 1e-15)
        #expect(BhattacharyyaHistogram(b, channel: 0).distance(to: BhattacharyyaHistogram(b, channel: 0)) == 0)
    }

    @Test func numpyPairwiseSumGroupsLikeNumpy() {
        let values = (0..<300).map { 1.0 / Double($0 + 1) }
        #expect(numpyPairwiseSum(values) == 6.282663880299504)
        #expect(numpyPairwiseSum([0.1, 0.2, 0.3]) == 0.1 + 0.2 + 0.3)
    }

    @Test func linspaceAndOpenBinsFollowNumpyAndDFL() {
        #expect(BestFacesSort.linspace(-1, 1, 5) == [-1, -0.5, 0, 0.5, 1])
        #expect(BestFacesSort.linspace(-1, 1, 1) == [-1])
        let bins = BestFacesSort.openBins([-5.0, -0.5, 0.2, 1, 9], edges: [-1, 0, 1]) { $0 }
        #expect(bins == [[-5, -0.5], [0.2], [1, 9]])
        #expect(BestFacesSort.openBins([-5.0, 9], edges: [0]) { $0 } == [[-5, 9]])
    }
}
