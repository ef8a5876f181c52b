import FaceAnalysis
import Foundation
import Imaging
import Support
import Training

/// Frames merged together: every face of the batch goes through each network in one call, and
/// the work around the calls runs on every core.
struct FrameBatch: Sendable {
    /// One frame to merge.
    struct Frame: Sendable {
        var url: URL
        var index: Int
        var landmarks: [[SIMD2<Float>]]
        var settings: MergeSettings
        var motion: FaceMotion
    }

    /// A merged frame: the merged image and mask (uint8) and what was let pass.
    struct Result: Sendable {
        var image: Image
        var mask: Image
        var warnings: [String]
    }

    let model: MergeModel
    let workers: Int
    /// Seeds the random colour transfers, with each frame's index.
    let seed: UInt64

    /// The merged `frames`, in order.
    func merge(_ frames: [Frame]) throws -> [Result] {
        let predictor = model.predictor
        let images = try ParallelMap.map(frames, workers: workers) { frame throws in try Image(contentsOf: frame.url, mode: .color) }
        let meshes = try faceMeshes(frames, images: images)
        let prepared = ParallelMap.map(frames.count, workers: workers) { index -> (Image, [FaceMerger.PreparedFace]) in
            let merger = merger(for: frames[index])
            return (images[index], frames[index].landmarks.indices.map {
                merger.prepare(frame: images[index], landmarks: frames[index].landmarks[$0], meshPoints: meshes[index][$0])
            })
        }
        let faces = prepared.flatMap { $0.1 }
        let predicted = try predictor.predict(faces.map { $0.modelInput })
        let owners = frames.indices.flatMap { index in Array(repeating: index, count: prepared[index].1.count) }
        let enhanced = try enhancedFaces(predicted, owners: owners, frames: frames)
        let predictions = ParallelMap.map(faces.count, workers: workers) { index in
            merger(for: frames[owners[index]]).predictionAtOutputSize(predicted[index], enhanced: enhanced[index])
        }
        let segmentedPredictions = try segment(predictions.map { $0.segmenterInput })
        let segmentedDestinations = try segment(faces.map { $0.segmenterInput })
        let firstFace = owners.indices.reduce(into: [Int: Int]()) { first, face in first[owners[face]] = first[owners[face]] ?? face }
        return try ParallelMap.map(frames.count, workers: workers) { index throws -> Result in
            let frame = frames[index], merger = merger(for: frame)
            var random = SeededRandom(seed: seed, stream: UInt64(frame.index))
            var merged: [MergedFace] = []
            let start = firstFace[index] ?? 0
            for face in start..<(start + prepared[index].1.count) {
                merged.append(try merger.merge(faces[face], predictions[face], segmentedPrediction: segmentedPredictions[face],
                                               segmentedDestination: segmentedDestinations[face], motion: frame.motion, random: &random))
            }
            if merged.isEmpty, frame.settings.mode == .rawPredict {
                let size = merger.outputSize
                return Result(image: Image(width: size, height: size, channels: 3, format: .uint8),
                              mask: Image(width: size, height: size, channels: 1, format: .uint8), warnings: [])
            }
            let (image, mask) = FrameComposite.composite(frame: prepared[index].0, faces: merged)
            return Result(image: image, mask: mask, warnings: merged.compactMap(\.warning))
        }
    }

    private func merger(for frame: Frame) -> FaceMerger {
        FaceMerger(settings: frame.settings, resolution: model.predictor.resolution, faceType: model.predictor.faceType,
                   segmenterResolution: model.segmenter?.resolution ?? 256)
    }

    /// The face mesh of each face whose frame's settings take the mesh hull, in frame pixels (one
    /// network call for the batch); nil for the others.
    private func faceMeshes(_ frames: [Frame], images: [Image]) throws -> [[[SIMD2<Float>]?]] {
        var meshes = frames.map { [[SIMD2<Float>]?](repeating: nil, count: $0.landmarks.count) }
        let faceType = model.predictor.faceType
        let wanted = frames.indices.filter { frames[$0].settings.usesMeshHull(for: faceType) }
            .flatMap { frame in frames[frame].landmarks.indices.map { (frame: frame, face: $0) } }
        guard !wanted.isEmpty else { return meshes }
        guard let faceMesh = model.faceMesh else {
            throw MergerError("default_mask mesh needs the face mesh network, which was not loaded: open the model with it (MergeModel.open's needsFaceMesh) or set default_mask to hull")
        }
        let found = try faceMesh.meshes(in: wanted.map {
            (images[$0.frame], AlignedFaceMesh.detection(landmarks: frames[$0.frame].landmarks[$0.face]))
        })
        for (place, mesh) in zip(wanted, found) { meshes[place.frame][place.face] = mesh.points }
        return meshes
    }

    /// The ×4 faces of the frames whose settings ask for super-resolution; nil for the others.
    private func enhancedFaces(_ predicted: [PredictedFace], owners: [Int], frames: [Frame]) throws -> [Image?] {
        let wanted = predicted.indices.filter { frames[owners[$0]].settings.superResolutionPower != 0 }
        var enhanced = [Image?](repeating: nil, count: predicted.count)
        guard !wanted.isEmpty else { return enhanced }
        guard let enhancer = model.enhancer else {
            throw MergerError("super_resolution_power needs the super-resolution network, which was not loaded: open the model with it (MergeModel.open's needsEnhancer) or set super_resolution_power to 0")
        }
        for (index, face) in zip(wanted, try enhancer.enhanced(wanted.map { predicted[$0].face })) {
            enhanced[index] = face
        }
        return enhanced
    }

    /// The XSeg masks of the inputs that are there, nil elsewhere; throws when masks are needed
    /// and the model has no XSeg model.
    private func segment(_ inputs: [Image?]) throws -> [Image?] {
        let wanted = inputs.indices.filter { inputs[$0] != nil }
        var masks = [Image?](repeating: nil, count: inputs.count)
        guard !wanted.isEmpty else { return masks }
        guard let segmenter = model.segmenter else {
            throw MergerError("an XSeg mask mode needs the model folder's XSeg model, which is not loaded: train one (masque xseg train) or choose mask mode learned-prd*learned-dst")
        }
        for (index, mask) in zip(wanted, try segmenter.masks(wanted.map { inputs[$0]! })) {
            masks[index] = mask
        }
        return masks
    }
}
