import Foundation
import Imaging
import Tensors

/// dlib's face recognition ResNet (`dlib_face_recognition_resnet_model_v1.dat`) on Masque's
/// tensor engine: 150 × 150 RGB chips in, 128-D descriptors out. The layers are dlib's as read
/// from the file; shapes are checked once when the network is built, so a file that does not
/// fit together fails there with a message naming it, not inside the engine.
public struct FaceRecognitionNetwork: Sendable {
    /// One operation of the forward pass, its weights already on the device.
    public enum Step: Sendable {
        case convolution(filters: Tensor, bias: Tensor?, stride: Int, padding: ConvPadding, relu: Bool)
        case affine(scale: Tensor, shift: Tensor)
        case relu
        case maxPool(window: Int, stride: Int, padding: Int)
        case averagePool(window: Int, stride: Int)
        case globalAveragePool
        case fullyConnected(weights: Tensor, bias: Tensor?)
        case tag(Int)
        case skip(Int)
        case addTagged(Int)
    }

    public let steps: [Step]
    /// Mean red, green and blue subtracted from the input (dlib then divides by 256).
    public let mean: SIMD3<Float>
    /// The chip side the network expects, in pixels.
    public let inputSize: Int
    public let outputDimension: Int
    public let device: Device

    /// Builds the network of `dlibNetwork` (read from `file`) on `device` for `inputSize` chips.
    public init(_ dlibNetwork: DlibNetwork, file: URL, inputSize: Int = 150, device: Device) throws(DlibFormatError) {
        func unsupported(_ reason: String) -> DlibFormatError { DlibFormatError(file: file, reason: reason) }
        guard case .inputRGB(let mean)? = dlibNetwork.layers.first else { throw unsupported("the network does not start with an RGB input") }
        var shape = (channels: 3, rows: inputSize, columns: inputSize)
        var tagged: [Int: (channels: Int, rows: Int, columns: Int)] = [:]
        var steps: [Step] = []
        func tensor(_ values: [Float], _ dimensions: [Int]) -> Tensor { Tensor(values, shape: dimensions, device: device) }
        for (index, layer) in dlibNetwork.layers.enumerated().dropFirst() {
            let number = index + 1
            switch layer {
            case .inputRGB:
                throw unsupported("layer \(number) is a second input")
            case .convolution(let c):
                guard c.inputs == shape.channels else {
                    throw unsupported("convolution \(number) takes \(c.inputs) channels but gets \(shape.channels)")
                }
                guard c.strideY == c.strideX else { throw unsupported("convolution \(number) has unequal strides \(c.strideY)×\(c.strideX)") }
                guard shape.rows + 2 * c.paddingY >= c.rows, shape.columns + 2 * c.paddingX >= c.columns else {
                    throw unsupported("convolution \(number) gets a \(shape.rows)×\(shape.columns) map")
                }
                let rows = (shape.rows + 2 * c.paddingY - c.rows) / c.strideY + 1
                let columns = (shape.columns + 2 * c.paddingX - c.columns) / c.strideX + 1
                steps.append(.convolution(filters: tensor(c.filters, [c.outputs, c.inputs, c.rows, c.columns]),
                                          bias: c.bias.map { tensor($0, [c.outputs]) }, stride: c.strideY,
                                          padding: .explicit(c.paddingY, c.paddingX), relu: c.reluAfter))
                shape = (c.outputs, rows, columns)
            case .affine(let scale, let shift):
                guard scale.count == shape.channels else {
                    throw unsupported("affine layer \(number) scales \(scale.count) channels but gets \(shape.channels)")
                }
                steps.append(.affine(scale: tensor(scale, [1, scale.count, 1, 1]), shift: tensor(shift, [1, shift.count, 1, 1])))
            case .relu:
                steps.append(.relu)
            case .maxPool(let pooling):
                let (step, rows, columns) = try Self.poolingStep(pooling, maximum: true, input: (shape.rows, shape.columns),
                                                                  layer: number, file: file)
                steps.append(step)
                shape = (shape.channels, rows, columns)
            case .averagePool(let pooling):
                let (step, rows, columns) = try Self.poolingStep(pooling, maximum: false, input: (shape.rows, shape.columns),
                                                                  layer: number, file: file)
                steps.append(step)
                shape = (shape.channels, rows, columns)
            case .fullyConnected(let weights, let inputs, let outputs, let bias):
                guard inputs == shape.channels * shape.rows * shape.columns else {
                    throw unsupported("fully connected layer \(number) takes \(inputs) values but gets \(shape.channels * shape.rows * shape.columns)")
                }
                steps.append(.fullyConnected(weights: tensor(weights, [inputs, outputs]), bias: bias.map { tensor($0, [1, outputs]) }))
                shape = (outputs, 1, 1)
            case .tag(let tag):
                tagged[tag] = shape
                steps.append(.tag(tag))
            case .skip(let tag):
                guard let remembered = tagged[tag] else { throw unsupported("layer \(number) skips to tag \(tag), which is not set") }
                shape = remembered
                steps.append(.skip(tag))
            case .addTagged(let tag):
                guard let remembered = tagged[tag] else { throw unsupported("layer \(number) adds tag \(tag), which is not set") }
                shape = (max(shape.channels, remembered.channels), max(shape.rows, remembered.rows), max(shape.columns, remembered.columns))
                steps.append(.addTagged(tag))
            }
        }
        guard shape.rows == 1, shape.columns == 1 else { throw unsupported("the network ends in a \(shape.rows)×\(shape.columns) map, not a vector") }
        self.steps = steps
        self.mean = mean
        self.inputSize = inputSize
        self.outputDimension = shape.channels
        self.device = device
    }

    /// The step of a pooling layer and its output size for an input of `input` rows × columns.
    private static func poolingStep(_ p: DlibLayer.Pooling, maximum: Bool, input: (rows: Int, columns: Int), layer: Int,
                                    file: URL) throws(DlibFormatError) -> (Step, rows: Int, columns: Int) {
        func unsupported(_ reason: String) -> DlibFormatError { DlibFormatError(file: file, reason: reason) }
        if p.isGlobal {
            guard !maximum else { throw unsupported("pooling layer \(layer) takes the maximum of the whole map") }
            return (.globalAveragePool, 1, 1)
        }
        guard p.rows == p.columns, p.strideY == p.strideX, p.paddingY == p.paddingX else {
            throw unsupported("pooling layer \(layer) has a \(p.rows)×\(p.columns) window, stride \(p.strideY)×\(p.strideX)")
        }
        guard maximum || p.paddingY == 0 else { throw unsupported("average pooling layer \(layer) is padded") }
        let rows = (input.rows + 2 * p.paddingY - p.rows) / p.strideY + 1
        let columns = (input.columns + 2 * p.paddingX - p.columns) / p.strideX + 1
        guard input.rows + 2 * p.paddingY >= p.rows, input.columns + 2 * p.paddingX >= p.columns else {
            throw unsupported("pooling layer \(layer) gets a \(input.rows)×\(input.columns) map")
        }
        let step: Step = maximum ? .maxPool(window: p.rows, stride: p.strideY, padding: p.paddingY)
                                 : .averagePool(window: p.rows, stride: p.strideY)
        return (step, rows, columns)
    }

    /// The input tensor of BGR `uint8` chips: [N, 3, size, size], channels red, green, blue,
    /// each (value − mean) / 256 as dlib's `input_rgb_image` makes it.
    public func input(_ chips: [Image]) -> Tensor {
        let planeSize = inputSize * inputSize
        var values = [Float](repeating: 0, count: chips.count * 3 * planeSize)
        for (index, chip) in chips.enumerated() {
            precondition(chip.width == inputSize && chip.height == inputSize && chip.channels == 3 && chip.format == .uint8,
                         "FaceRecognitionNetwork: chips must be \(inputSize)×\(inputSize) BGR uint8")
            let base = index * 3 * planeSize
            chip.withUnsafeBufferPointer(as: UInt8.self) { pixels in
                for pixel in 0..<planeSize {
                    values[base + pixel] = (Float(pixels[3 * pixel + 2]) - mean.x) / 256
                    values[base + planeSize + pixel] = (Float(pixels[3 * pixel + 1]) - mean.y) / 256
                    values[base + 2 * planeSize + pixel] = (Float(pixels[3 * pixel]) - mean.z) / 256
                }
            }
        }
        return Tensor(values, shape: [chips.count, 3, inputSize, inputSize], device: device)
    }

    /// The descriptors of a batch [N, 3, size, size] made by `input`: [N, outputDimension].
    public func forward(_ input: Tensor) -> Tensor {
        withoutGradients {
            var x = input
            var tagged: [Int: Tensor] = [:]
            for step in steps {
                switch step {
                case .convolution(let filters, let bias, let stride, let padding, let relu):
                    x = x.conv2d(filters, bias: bias, stride: stride, padding: padding)
                    if relu { x = x.relu() }
                case .affine(let scale, let shift):
                    x = x * scale + shift
                case .relu:
                    x = x.relu()
                case .maxPool(let window, let stride, let padding):
                    x = x.maxPool2d(window, stride: stride, padding: padding)
                case .averagePool(let window, let stride):
                    x = x.avgPool2d(window, stride: stride)
                case .globalAveragePool:
                    x = x.mean([2, 3], keepDims: true)
                case .fullyConnected(let weights, let bias):
                    x = x.reshaped([x.shape[0], -1]).matmul(weights)
                    if let bias { x = x + bias }
                case .tag(let tag):
                    tagged[tag] = x
                case .skip(let tag):
                    x = tagged[tag]!
                case .addTagged(let tag):
                    x = Self.addPadded(x, tagged[tag]!)
                }
            }
            return x.reshaped([x.shape[0], -1])
        }
    }

    /// a + b, the smaller zero-padded at the end of the channel, row and column dimensions.
    public static func addPadded(_ a: Tensor, _ b: Tensor) -> Tensor {
        if a.shape == b.shape { return a + b }
        let target = (1...3).map { max(a.shape[$0], b.shape[$0]) }
        func padded(_ t: Tensor) -> Tensor {
            var result = t
            if t.shape[1] < target[0] {
                let zeros = Tensor.zeros([t.shape[0], target[0] - t.shape[1], t.shape[2], t.shape[3]], device: t.device)
                result = Tensor.cat([result, zeros], dim: 1)
            }
            if t.shape[2] < target[1] || t.shape[3] < target[2] {
                result = result.padded(left: 0, right: target[2] - t.shape[3], top: 0, bottom: target[1] - t.shape[2])
            }
            return result
        }
        return padded(a) + padded(b)
    }
}
