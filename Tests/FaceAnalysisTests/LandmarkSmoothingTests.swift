@testable import FaceAnalysis
import Foundation
import Imaging
import Support
import Testing
import TestSupport

@Suite struct LandmarkSmoothingTests {
    /// A face of 68 points moving on a path, with seeded Gaussian-like jitter added.
    func track(frames: Int, speed: Float, noise: Float, seed: UInt64) -> (clean: [[SIMD2<Float>]], noisy: [[SIMD2<Float>]]) {
        var generator = SeededGenerator(seed: seed)
        let base = (0..<68).map { i in SIMD2<Float>(Float(i % 9) * 20, Float(i / 9) * 20) }
        var clean: [[SIMD2<Float>]] = [], noisy: [[SIMD2<Float>]] = []
        for t in 0..<frames {
            let offset = SIMD2<Float>(Float(t) * speed, 50 * sin(Float(t) * speed / 100))
            let points = base.map { $0 + offset }
            clean.append(points)
            noisy.append(points.map { $0 + SIMD2(generator.normal() * noise, generator.normal() * noise) })
        }
        return (clean, noisy)
    }

    func jitter(_ sequence: [[SIMD2<Float>]]) -> Float {
        // Mean second difference: zero for constant-velocity motion, large for noise.
        var total: Float = 0, count: Float = 0
        for t in 2..<sequence.count {
            for i in sequence[t].indices {
                let d = sequence[t][i] - 2 * sequence[t - 1][i] + sequence[t - 2][i]
                total += (d * d).sum().squareRoot()
                count += 1
            }
        }
        return total / count
    }

    func meanError(_ a: [[SIMD2<Float>]], _ b: [[SIMD2<Float>]]) -> Float {
        let errors = zip(a, b).flatMap { zip($0, $1).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() } }
        return errors.reduce(0, +) / Float(errors.count)
    }

    @Test func smoothingLowersJitterOnANoisyTrack() {
        let (clean, noisy) = track(frames: 120, speed: 0.3, noise: 2, seed: 1)
        var smoother = LandmarkSmoother(rate: 30)
        let smoothed = noisy.map { smoother.smooth($0) }
        #expect(jitter(smoothed) < jitter(noisy) * 0.5)
        #expect(meanError(smoothed, clean) < meanError(noisy, clean))
    }

    @Test func fastMotionIsFollowedWithLittleLag() {
        let (clean, noisy) = track(frames: 90, speed: 25, noise: 0.5, seed: 2)
        var smoother = LandmarkSmoother(rate: 30)
        let smoothed = noisy.map { smoother.smooth($0) }
        // At 25 px/frame a plain moving average of 5 frames would lag 50 px; One-Euro stays close.
        #expect(meanError(Array(smoothed.suffix(60)), Array(clean.suffix(60))) < 10)
    }
}

@Suite struct OrderedLandmarkSmootherTests {
    /// Frames finished out of order on several threads are smoothed exactly as one after another,
    /// failed frames included.
    @Test func framesFinishedOutOfOrderAreSmoothedInFrameOrder() {
        let frames = 40
        let tracks = LandmarkSmoothingTests().track(frames: frames, speed: 0.5, noise: 2, seed: 9).noisy
        let image = Image(width: 4, height: 4, channels: 3, format: .uint8)
        @Sendable func located(_ index: Int) -> Result<LocatedFrame, ExtractionError> {
            if index == 17 { return .failure(ExtractionError("frame 17 is unreadable")) }
            let box = FaceDetection(left: 0, top: 0, right: 160, bottom: 160, score: 1)
            return .success(LocatedFrame(image: image, faces: index == 25 ? [] : [LocatedFace(detection: box, landmarks: tracks[index])]))
        }
        let sequential = OrderedLandmarkSmoother(rate: 30)
        let expected = (0..<frames).map { sequential.smooth(located($0), order: $0) }
        let ordered = OrderedLandmarkSmoother(rate: 30)
        // Threads take frames in order, as ParallelMap hands them out; earlier frames take longer.
        let results = ParallelMap.map(Array(0..<frames), workers: 4) { index -> Result<LocatedFrame, ExtractionError> in
            usleep(useconds_t((frames - index) * 300))
            return ordered.smooth(located(index), order: index)
        }
        // After the unreadable frame and the frame without a face the filter starts afresh.
        for restart in [18, 26] {
            guard case .success(let frame) = results[restart] else { continue }
            #expect(frame.faces.first?.landmarks == tracks[restart], "frame \(restart)")
        }
        for (index, (result, reference)) in zip(results, expected).enumerated() {
            switch (result, reference) {
            case (.success(let frame), .success(let want)):
                #expect(frame.faces.map(\.landmarks) == want.faces.map(\.landmarks), "frame \(index)")
            case (.failure, .failure): break
            default: Issue.record("frame \(index): \(result) against \(reference)")
            }
        }
    }
}
