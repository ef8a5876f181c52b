extension ONNXModel {
    /// The same model with every `BatchNormalization` that directly follows a `Conv` or
    /// `ConvTranspose` folded into that convolution's weights and bias, so that it costs nothing
    /// at run time. A normalization is folded when its parameters and the convolution's weights
    /// are float constants, the convolution's output feeds nothing else, and it runs in inference
    /// mode; the others stay and run as their own kernel.
    public func foldingBatchNormalizations() -> ONNXModel {
        let (consumers, producers) = valueUses
        var rewritten: [ONNXNode?] = nodes.map { $0 }
        var constants = initializers
        for (index, normalization) in nodes.enumerated() where normalization.operatorType == "BatchNormalization" {
            guard let input = normalization.inputs.first, consumers[input] == 1,
                  let producerIndex = producers[input], let convolution = rewritten[producerIndex],
                  let folded = Self.fold(normalization, into: convolution, constants: constants) else { continue }
            rewritten[producerIndex] = folded.node
            rewritten[index] = nil
            constants[folded.weight.name] = folded.weight
            constants[folded.bias.name] = folded.bias
        }
        let kept = rewritten.compactMap { $0 }
        var used: Set<String> = Set(outputs.map(\.name))
        for node in kept { used.formUnion(node.inputs) }
        return ONNXModel(rewriting: self, nodes: kept, initializers: constants.filter { used.contains($0.key) })
    }

    /// The convolution with the normalization folded in, or nil when it cannot be folded.
    private static func fold(_ normalization: ONNXNode, into convolution: ONNXNode, constants: [String: ONNXTensorData])
        -> (node: ONNXNode, weight: ONNXTensorData, bias: ONNXTensorData)? {
        let transposed: Bool
        switch convolution.operatorType {
        case "Conv": transposed = false
        case "ConvTranspose": transposed = true
        default: return nil
        }
        guard normalization.inputs.count == 5, normalization.outputs.count == 1,
              convolution.outputs.count == 1, convolution.inputs.count >= 2,
              (try? ONNXBatchNormalization(node: normalization)) != nil,
              let epsilon = try? normalization.float("epsilon", default: 1e-5),
              let groups = try? convolution.int("group", default: 1), groups > 0,
              let weightData = constants[convolution.inputs[1]], let weights = weightData.floats(),
              weightData.shape.count == 4, weightData.shape[0] % groups == 0 else { return nil }
        let shape = weightData.shape
        let outputChannels = transposed ? shape[1] * groups : shape[0]
        let parameters = normalization.inputs[1...].compactMap { constants[$0]?.floats() }
        guard parameters.count == 4, parameters.allSatisfy({ $0.count == outputChannels }) else { return nil }
        var bias = [Float](repeating: 0, count: outputChannels)
        if convolution.inputs.count > 2, !convolution.inputs[2].isEmpty {
            guard let given = constants[convolution.inputs[2]]?.floats(), given.count == outputChannels else { return nil }
            bias = given
        }
        let (gamma, beta, mean, variance) = (parameters[0], parameters[1], parameters[2], parameters[3])
        let factors = (0..<outputChannels).map { Double(gamma[$0]) / (Double(variance[$0]) + Double(epsilon)).squareRoot() }
        let foldedBias = (0..<outputChannels).map { Float((Double(bias[$0]) - Double(mean[$0])) * factors[$0] + Double(beta[$0])) }

        let spatial = shape[2] * shape[3]
        var foldedWeights = weights
        for (index, value) in weights.enumerated() {
            let channel: Int
            if transposed {
                let (inputChannel, outputInGroup) = (index / (shape[1] * spatial), index / spatial % shape[1])
                channel = inputChannel / (shape[0] / groups) * shape[1] + outputInGroup
            } else {
                channel = index / (shape[1] * spatial)
            }
            foldedWeights[index] = Float(Double(value) * factors[channel])
        }
        let prefix = normalization.outputs[0]
        let weight = ONNXTensorData(name: "\(prefix)#folded_weight", shape: shape, floats: foldedWeights)
        let biasData = ONNXTensorData(name: "\(prefix)#folded_bias", shape: [outputChannels], floats: foldedBias)
        let node = ONNXNode(name: convolution.name, operatorType: convolution.operatorType, domain: convolution.domain,
                            inputs: [convolution.inputs[0], weight.name, biasData.name], outputs: normalization.outputs,
                            attributes: convolution.attributes)
        return (node, weight, biasData)
    }
}
