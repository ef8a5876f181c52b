import Foundation
import Imaging

/// dlib's shape predictor: an ensemble of regression trees (Kazemi & Sullivan, "One Millisecond
/// Face Alignment", 2014) read from a dlib `.dat` file — the 68-point iBUG model or the 5-point
/// model of the identity embedding.
///
/// A shape starts as the mean shape placed in the face box and is refined by a cascade of
/// forests (15 × 500 depth-4 trees for the 68-point model). Each cascade samples image
/// intensities at pixels defined relative to the current shape, and every tree compares two of
/// them against a threshold at each split and adds its leaf's displacement to the shape. The
/// inference follows dlib's `shape_predictor::operator()` step for step, in the same precision,
/// so the result equals dlib's on the same box (dlib rounds its points to whole pixels; this
/// returns them unrounded).
public struct DlibShapePredictor: Sendable {
    /// Number of landmarks (68 or 5 for dlib's face models).
    public var partCount: Int { meanShape.count }
    /// Number of cascades (15 for the face models).
    public var cascadeCount: Int { cascades.count }
    /// Number of trees in each cascade (500 for the face models).
    public var treesPerCascade: Int { cascades.first?.treeCount ?? 0 }

    /// The mean shape in the box's unit square ((0, 0) = top-left corner, (1, 1) = bottom-right).
    public let meanShape: [SIMD2<Float>]
    public let cascades: [Cascade]

    /// One level of the cascade: its feature pixels and its forest of complete binary trees,
    /// stored flat for speed.
    public struct Cascade: Sendable {
        /// For each feature pixel, the landmark it moves with and its offset from that landmark
        /// in the mean shape's space.
        var anchors: [Int32]
        var deltas: [SIMD2<Float>]
        var treeCount: Int
        /// Splits per tree (2^depth − 1), in breadth-first order.
        var splitsPerTree: Int
        /// Feature pixel pair of each split (tree-major).
        var splitFeatures: [SIMD2<Int32>]
        /// Threshold of each split on the intensity difference (tree-major).
        var thresholds: [Float]
        /// Displacement of every landmark for each leaf: tree-major, then leaf, then landmark.
        var leafDisplacements: [SIMD2<Float>]

        var leavesPerTree: Int { splitsPerTree + 1 }
    }

    public init(meanShape: [SIMD2<Float>], cascades: [Cascade]) {
        self.meanShape = meanShape
        self.cascades = cascades
    }

    /// Reads a dlib shape predictor file; throws a one-line `DlibFormatError` naming the file
    /// when it is truncated or not a shape predictor.
    public init(contentsOf url: URL) throws(DlibFormatError) {
        self = try DlibStreamReader.read(url) { (reader: inout DlibStreamReader) throws(DlibFormatError) in
            try DlibShapePredictor(reading: &reader)
        }
    }

    /// The landmarks of the face in `box` of `image` (gray, BGR or BGRA), in image pixels.
    public func landmarks(in image: Image, box: DlibRectangle) -> [SIMD2<Float>] {
        image.withPixelIntensity { intensity in landmarks(in: intensity, box: box) }
    }

    public func landmarks(in intensity: PixelIntensity, box: DlibRectangle) -> [SIMD2<Float>] {
        var shape = meanShape
        let meanShapeInDouble = meanShape.map { SIMD2<Double>($0) }
        var features: [Float] = []
        for cascade in cascades {
            let fit = DlibSimilarityTransform(mapping: meanShapeInDouble, onto: shape.map { SIMD2<Double>($0) })
            let (m00, m01, m10, m11) = (Float(fit.m00), Float(fit.m01), Float(fit.m10), Float(fit.m11))
            features.removeAll(keepingCapacity: true)
            for index in cascade.anchors.indices {
                let delta = cascade.deltas[index]
                let anchor = shape[Int(cascade.anchors[index])]
                let point = SIMD2<Float>(m00 * delta.x + m01 * delta.y + anchor.x,
                                         m10 * delta.x + m11 * delta.y + anchor.y)
                features.append(intensity.value(nearest: box.unnormalized(point)))
            }
            cascade.addLeafDisplacements(for: features, to: &shape)
        }
        return shape.map { point in
            let pixel = box.unnormalized(point)
            return SIMD2(Float(pixel.x), Float(pixel.y))
        }
    }
}

extension DlibShapePredictor.Cascade {
    /// Walks every tree on `features` and adds the displacement of the leaf it reaches to `shape`.
    public func addLeafDisplacements(for features: [Float], to shape: inout [SIMD2<Float>]) {
        let partCount = shape.count
        let splits = splitsPerTree
        let leaves = leavesPerTree
        features.withUnsafeBufferPointer { features in
            splitFeatures.withUnsafeBufferPointer { splitFeatures in
                thresholds.withUnsafeBufferPointer { thresholds in
                    leafDisplacements.withUnsafeBufferPointer { displacements in
                        shape.withUnsafeMutableBufferPointer { shape in
                            for tree in 0..<treeCount {
                                let first = tree * splits
                                var node = 0
                                while node < splits {
                                    let pair = splitFeatures[first + node]
                                    node = features[Int(pair.x)] - features[Int(pair.y)] > thresholds[first + node]
                                        ? 2 * node + 1 : 2 * node + 2
                                }
                                let leaf = (tree * leaves + node - splits) * partCount
                                for part in 0..<partCount { shape[part] += displacements[leaf + part] }
                            }
                        }
                    }
                }
            }
        }
    }
}
