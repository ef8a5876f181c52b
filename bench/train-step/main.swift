// Training-step benchmark: a DFL-shaped autoencoder (reference §5.3 without archi options) at
// resolution 128, batch 4, DFL's src loss and AdaBelief, on the CPU (or --device).
// Prints one JSON line: {"impl": "masque", "ms_per_iter": …, "threads": …}.
// Run through bench/run-train-step, which runs the PyTorch reference in the same session.
import Foundation
import NN
import Tensors

final class Encoder: Module, @unchecked Sendable {
    let down1: DownscaleBlock
    init(generator: Generator) { down1 = DownscaleBlock(3, 64, count: 4, kernel: 5, generator: generator) }
    func callAsFunction(_ x: Tensor) -> Tensor { down1(x).flattened() }
}

final class Inter: Module, @unchecked Sendable {
    let dense1: Dense, dense2: Dense, upscale1: Upscale
    let aeOut: Int, lowest: Int
    init(inputs: Int, aeDims: Int, aeOut: Int, lowest: Int, generator: Generator) {
        dense1 = Dense(inputs, aeDims, generator: generator)
        dense2 = Dense(aeDims, lowest * lowest * aeOut, generator: generator)
        upscale1 = Upscale(aeOut, aeOut, generator: generator)
        self.aeOut = aeOut
        self.lowest = lowest
    }
    func callAsFunction(_ x: Tensor) -> Tensor {
        upscale1(dense2(dense1(x)).reshaped([-1, aeOut, lowest, lowest]))
    }
}

final class Decoder: Module, @unchecked Sendable {
    let upscale0: Upscale, upscale1: Upscale, upscale2: Upscale, outConv: Conv2D
    init(inChannels: Int, dDims: Int, generator: Generator) {
        upscale0 = Upscale(inChannels, dDims * 8, generator: generator)
        upscale1 = Upscale(dDims * 8, dDims * 4, generator: generator)
        upscale2 = Upscale(dDims * 4, dDims * 2, generator: generator)
        outConv = Conv2D(dDims * 2, 3, kernel: 1, generator: generator)
    }
    func callAsFunction(_ x: Tensor) -> Tensor { outConv(upscale2(upscale1(upscale0(x)))).sigmoid() }
}

final class Autoencoder: Module, @unchecked Sendable {
    let encoder: Encoder, inter: Inter, decoder: Decoder
    init(resolution: Int, generator: Generator) {
        encoder = Encoder(generator: generator)
        let lowest = resolution / 16
        inter = Inter(inputs: 512 * lowest * lowest, aeDims: 256, aeOut: 256, lowest: lowest, generator: generator)
        decoder = Decoder(inChannels: 256, dDims: 32, generator: generator)
    }
    func callAsFunction(_ x: Tensor) -> Tensor { decoder(inter(encoder(x))) }
}

var iterations = 20, warmup = 3, threads = 2, resolution = 128, batch = 4
var device = Device.cpu
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { break }
    switch flag {
    case "--iterations": iterations = Int(value)!
    case "--warmup": warmup = Int(value)!
    case "--threads": threads = Int(value)!
    case "--resolution": resolution = Int(value)!
    case "--batch": batch = Int(value)!
    case "--device": device = try Device(parsing: value)
    default: fatalError("unknown option \(flag)")
    }
}

Runtime.threadCount = threads
let generator = try Generator(seed: 1)
let model = Autoencoder(resolution: resolution, generator: generator)
try model.move(to: device)
let optimizer = AdaBelief(model.namedParameters(), rules: UpdateRules(learningRate: 5e-5))
let images = try Tensor.uniform([batch, 3, resolution, resolution], generator: generator).moved(to: device)
let filter = Int(Double(resolution) / 11.6)

func step() throws -> Double {
    let prediction = model(images)
    let perSample = dssim(images, prediction, filterSize: filter).mean([1]) * 10
        + meanSquaredError(images, prediction, dims: [1, 2, 3]) * 10
    perSample.sum().backward()
    try optimizer.step()
    return perSample.mean().item()
}

for _ in 0..<warmup { _ = try step() }
let start = DispatchTime.now().uptimeNanoseconds
var loss = 0.0
for _ in 0..<iterations { loss = try step() }
let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
print(#"{"impl": "masque", "ms_per_iter": \#(elapsed / Double(iterations)), "threads": \#(threads), "loss": \#(loss), "params": \#(model.parameterCount), "torch": "\#(Runtime.version)"}"#)
