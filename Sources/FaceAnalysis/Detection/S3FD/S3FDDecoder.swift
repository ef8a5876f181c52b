import Foundation

/// DFL's S3FD decoding (`S3FDExtractor.refine`, `refine_nms` and the end of `extract`,
/// reference §2.2), with the same float32/float64 steps so the boxes come out identical.
enum S3FDDecoder {
    /// One detection source on the host: the face probability and the four box offsets per cell.
    struct SourceMap {
        let width: Int
        let height: Int
        /// Face probability of each cell, row by row (H·W values).
        let faceScores: [Float]
        /// Offsets x, y, width, height: four planes of H·W values.
        let offsets: [Float]
    }

    /// A decoded box in network-input pixels with its face probability.
    struct Candidate: Equatable {
        var left, top, right, bottom: Double
        var score: Double
    }

    /// Cells whose face probability passes this are decoded.
    static let candidateThreshold: Float = 0.05
    /// Boxes overlapping a better one by more than this (intersection over union) are dropped.
    static let overlapThreshold = 0.3
    /// Boxes below this probability are dropped after suppression.
    static let scoreThreshold = 0.5
    /// Faces narrower or shorter than this (frame pixels) are dropped.
    static let minimumSide = 40.0
    /// The bottom edge moves down by this fraction of the box height, to take in the chin.
    static let chinExtension = 0.1

    /// Every cell above `candidateThreshold`, sources in order (strides 4, 8, …, 128), cells row
    /// by row: anchor of side 4·stride centred on the cell; centre shifted by offset·0.1·anchor,
    /// size anchor·exp(offset·0.2). Boxes reaching beyond ±1e15 pixels (or not finite), which
    /// no trained network gives, are skipped so that truncating them to integers stays defined.
    static func candidates(_ sources: [SourceMap]) -> [Candidate] {
        var result: [Candidate] = []
        for (level, source) in sources.enumerated() {
            let stride = 1 << (level + 2)
            let halfStride = Double(stride) / 2
            let anchor = Double(stride * 4)
            let plane = source.width * source.height
            for y in 0..<source.height {
                for x in 0..<source.width {
                    let cell = y * source.width + x
                    let score = source.faceScores[cell]
                    guard score > candidateThreshold else { continue }
                    let offset = (0..<4).map { source.offsets[$0 * plane + cell] }
                    let centerX = (Double(x * stride) + halfStride) + Double(offset[0] * Float(0.1)) * anchor
                    let centerY = (Double(y * stride) + halfStride) + Double(offset[1] * Float(0.1)) * anchor
                    let width = anchor * Double(Foundation.exp(offset[2] * Float(0.2)))
                    let height = anchor * Double(Foundation.exp(offset[3] * Float(0.2)))
                    let left = centerX - width / 2, top = centerY - height / 2
                    let candidate = Candidate(left: left, top: top, right: width + left, bottom: height + top, score: Double(score))
                    guard [candidate.left, candidate.top, candidate.right, candidate.bottom].allSatisfy({ abs($0) < 1e15 }) else {
                        continue
                    }
                    result.append(candidate)
                }
            }
        }
        return result
    }

    /// Greedy suppression: indices of the kept candidates, best first. Overlap counts pixels
    /// inclusively (+1 on widths and heights); a box goes when its overlap with a kept one is
    /// above `threshold`. Equal scores keep the later candidate first (NumPy leaves their order
    /// unspecified; this is its order for small arrays).
    static func nonMaximumSuppression(_ candidates: [Candidate], threshold: Double = overlapThreshold) -> [Int] {
        let areas = candidates.map { ($0.right - $0.left + 1) * ($0.bottom - $0.top + 1) }
        var order = candidates.indices.sorted {
            candidates[$0].score != candidates[$1].score ? candidates[$0].score > candidates[$1].score : $0 > $1
        }
        var keep: [Int] = []
        while let i = order.first {
            keep.append(i)
            let a = candidates[i]
            order = order.dropFirst().filter { j in
                let b = candidates[j]
                let width = max(0.0, min(a.right, b.right) - max(a.left, b.left) + 1)
                let height = max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top) + 1)
                let overlap = width * height / (areas[i] + areas[j] - width * height)
                return overlap <= threshold
            }
        }
        return keep
    }

    /// `refine`: the suppressed candidates with a score of at least `scoreThreshold`, best
    /// first, coordinates truncated toward zero.
    static func refine(_ sources: [SourceMap]) -> [(box: [Int], score: Double)] {
        let all = candidates(sources)
        return nonMaximumSuppression(all).compactMap { index in
            let c = all[index]
            guard c.score >= scoreThreshold else { return nil }
            return ([Int(c.left), Int(c.top), Int(c.right), Int(c.bottom)], c.score)
        }
    }

    /// The faces in frame pixels: refined boxes scaled by `inputScale`, those with a side under
    /// `minimumSide` dropped, the bottom extended by `chinExtension` of the height, truncated
    /// toward zero, largest area first (ties keep their order).
    static func faces(_ sources: [SourceMap], inputScale: Double) -> [FaceDetection] {
        var faces: [(box: [Int], score: Double)] = []
        for (box, score) in refine(sources) {
            let l = Double(box[0]) * inputScale, t = Double(box[1]) * inputScale
            let r = Double(box[2]) * inputScale
            var b = Double(box[3]) * inputScale
            let height = b - t
            if min(r - l, height) < minimumSide { continue }
            b += height * chinExtension
            faces.append(([Int(l), Int(t), Int(r), Int(b)], score))
        }
        let area = faces.map { ($0.box[2] - $0.box[0]) * ($0.box[3] - $0.box[1]) }
        let order = faces.indices.sorted { area[$0] != area[$1] ? area[$0] > area[$1] : $0 < $1 }
        return order.map { index in
            let (box, score) = faces[index]
            return FaceDetection(left: Float(box[0]), top: Float(box[1]), right: Float(box[2]), bottom: Float(box[3]),
                                 score: Float(score))
        }
    }
}
