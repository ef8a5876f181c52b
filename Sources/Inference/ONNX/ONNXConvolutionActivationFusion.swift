extension ONNXModel {
    /// The attribute naming the activation a fused `Conv` applies to its output (`relu` or
    /// `leaky_relu`); `activationSlopeAttribute` holds leaky ReLU's slope.
    static let activationAttribute = "masque.activation"
    static let activationSlopeAttribute = "masque.activation_slope"

    /// The same model with every `Relu` or `LeakyRelu` whose input is a `Conv`'s output, read by
    /// nothing else, merged into that convolution (which then writes the activation's output),
    /// so oneDNN applies it in the convolution's own pass instead of a second pass over memory.
    public func fusingConvolutionActivations() -> ONNXModel {
        let (consumers, producers) = valueUses
        var rewritten: [ONNXNode?] = nodes.map { $0 }
        for (index, activation) in nodes.enumerated() where ["Relu", "LeakyRelu"].contains(activation.operatorType) {
            guard activation.inputs.count == 1, activation.outputs.count == 1, let input = activation.inputs.first,
                  consumers[input] == 1, let producerIndex = producers[input], let convolution = rewritten[producerIndex],
                  convolution.operatorType == "Conv", convolution.domain.isEmpty || convolution.domain == "ai.onnx",
                  convolution.outputs.count == 1, convolution.attributes[Self.activationAttribute] == nil,
                  let slope = try? activation.float("alpha", default: 0.01) else { continue }
            var attributes = convolution.attributes
            attributes[Self.activationAttribute] = .string(activation.operatorType == "Relu" ? "relu" : "leaky_relu")
            attributes[Self.activationSlopeAttribute] = .float(slope)
            rewritten[producerIndex] = ONNXNode(name: convolution.name, operatorType: "Conv", domain: convolution.domain,
                                                inputs: convolution.inputs, outputs: activation.outputs, attributes: attributes)
            rewritten[index] = nil
        }
        return ONNXModel(rewriting: self, nodes: rewritten.compactMap { $0 }, initializers: initializers)
    }
}
