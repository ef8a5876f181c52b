import Foundation
import Inference
import NN
import Support
import Tensors

/// `masque export-dfm`: an SAEHD or AMP model as a `.dfm` file for DeepFaceLive (reference §9),
/// written with Masque's ONNX writer: the merge graph (DFL's `AE_merge`) from an NHWC input to
/// NHWC outputs with DFL's names, order and opset.
public enum DFMExport {
    /// The `.dfm` of an SAEHD (or Quick96) network. `half` stores the weights as float16.
    public static func data(_ network: SAEHDNetwork, half: Bool = false) throws -> Data {
        var graph = DFMGraph(name: "SAEHD", half: half)
        let r = network.dimensions.resolution
        let x = input(&graph, resolution: r)
        let features = (network.inter ?? network.inter_AB)!.dense1.weight.value.shape[0]
        var code = encode(&graph, network.encoder, x, features: features)
        let (face, faceMask, destinationMask): (String, String, String)
        if let inter = network.inter, let decoderSource = network.decoder_src, let decoderDestination = network.decoder_dst {
            code = interCode(&graph, inter, code)
            (face, faceMask) = graph.decoder(decoderSource, code)
            destinationMask = graph.decoder(decoderDestination, code).mask
        } else if let interAB = network.inter_AB, let interB = network.inter_B, let decoder = network.decoder {
            let ab = interCode(&graph, interAB, code), b = interCode(&graph, interB, code)
            (face, faceMask) = graph.decoder(decoder, graph.writer.node("Concat", [ab, ab], ["axis": .int(1)]))
            destinationMask = graph.decoder(decoder, graph.writer.node("Concat", [b, ab], ["axis": .int(1)])).mask
        } else {
            preconditionFailure("SAEHDNetwork has neither DF nor LIAE parts")
        }
        return try finish(&graph, resolution: r, destinationMask: destinationMask, face: face, faceMask: faceMask)
    }

    /// The `.dfm` of an AMP network, with the `morph_value:0` input: the swap's code takes its
    /// first `floor(inter_dims · morph)` channels from `inter_src`, the rest from `inter_dst`.
    public static func data(_ network: AMPNetwork, half: Bool = false) throws -> Data {
        var graph = DFMGraph(name: "AMP", half: half)
        let dims = network.dimensions
        let x = input(&graph, resolution: dims.resolution)
        let morph = graph.writer.input(DFMContract.morphInput, shape: [1])
        let encoder = network.encoder
        var features = x
        features = graph.residual(encoder.res1, graph.downscale(encoder.down1, features))
        for layer in [encoder.down2, encoder.down3, encoder.down4, encoder.down5] { features = graph.downscale(layer, features) }
        features = graph.residual(encoder.res5, features)
        let side = dims.interSide
        let code = graph.dense(encoder.dense1, graph.pixelNorm(graph.flatten(features, features: 8 * dims.encoder * side * side)))
        let source = graph.unflatten(graph.dense(network.inter_src.dense2, code), channels: dims.inter, side: side)
        let own = graph.unflatten(graph.dense(network.inter_dst.dense2, code), channels: dims.inter, side: side)
        // Channel c comes from inter_src when c < k = floor(inter·morph): relu(k − c) − relu(k − c − 1) is 1 there, else 0.
        let k = graph.writer.node("Floor", [graph.writer.node("Mul", [morph, graph.writer.constant([Float(dims.inter)], shape: [1])])])
        let channel = graph.writer.constant((0..<dims.inter).map(Float.init), shape: [1, dims.inter, 1, 1])
        let gap = graph.writer.node("Sub", [k, channel])
        let mask = graph.writer.node("Sub", [graph.writer.node("Relu", [gap]),
                                             graph.writer.node("Relu", [graph.writer.node("Sub", [gap, graph.writer.constant([1], shape: [])])])])
        let fromOwn = graph.writer.node("Mul", [own, graph.writer.node("Sub", [graph.writer.constant([1], shape: []), mask])])
        let swapCode = graph.writer.node("Add", [graph.writer.node("Mul", [source, mask]), fromOwn])
        let (face, faceMask) = graph.decoder(network.decoder, swapCode)
        let destinationMask = graph.decoder(network.decoder, own).mask
        return try finish(&graph, resolution: dims.resolution, destinationMask: destinationMask, face: face, faceMask: faceMask)
    }

    /// Writes `data` to `url` through the atomic writer.
    public static func write(_ data: Data, to url: URL) throws {
        try AtomicFile.write(data, to: url)
    }

    private static func input(_ graph: inout DFMGraph, resolution r: Int) -> String {
        let face = graph.writer.input(DFMContract.faceInput, shape: [nil, r, r, 3])
        return graph.writer.node("Transpose", [face], ["perm": .ints([0, 3, 1, 2])])
    }

    /// SAEHD's encoder: the downscales, flattened to `features`, pixel-normed with `-u`.
    private static func encode(_ graph: inout DFMGraph, _ encoder: SAEHDEncoder, _ x: String, features: Int) -> String {
        var y = x
        if let res1 = encoder.res1, let down2 = encoder.down2, let down3 = encoder.down3, let down4 = encoder.down4,
           let down5 = encoder.down5, let res5 = encoder.res5, let first = encoder.down1 as? Downscale {
            y = graph.residual(res1, graph.downscale(first, y))
            for layer in [down2, down3, down4, down5] { y = graph.downscale(layer, y) }
            y = graph.residual(res5, y)
        } else if let block = encoder.down1 as? DownscaleBlock {
            for layer in block.downs { y = graph.downscale(layer, y) }
        }
        let flat = graph.flatten(y, features: features)
        return encoder.architecture.pixelNorm ? graph.pixelNorm(flat) : flat
    }

    private static func interCode(_ graph: inout DFMGraph, _ inter: SAEHDInter, _ features: String) -> String {
        let code = graph.unflatten(graph.dense(inter.dense2, graph.dense(inter.dense1, features)), channels: inter.outChannels,
                                   side: inter.lowestDenseSide)
        return inter.upscale1.map { graph.upscale($0, code) } ?? code
    }

    private static func finish(_ graph: inout DFMGraph, resolution r: Int, destinationMask: String, face: String, faceMask: String) throws -> Data {
        for (name, value, channels) in zip3(DFMContract.outputs, [destinationMask, face, faceMask], [1, 3, 1]) {
            graph.writer.node("Transpose", [value], ["perm": .ints([0, 2, 3, 1])], output: name)
            graph.writer.output(name, shape: [nil, r, r, channels])
        }
        return try graph.writer.serialized(opset: DFMContract.opset, producer: "masque")
    }

    private static func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
        zip(a, zip(b, c)).map { ($0, $1.0, $1.1) }
    }
}
