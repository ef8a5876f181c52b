extension ONNXModel {
    /// The same model with every `Relu` that directly follows a `Conv` run by that convolution
    /// (oneDNN applies it as the convolution writes its output, saving a pass over the values).
    /// A `Relu` is fused when the convolution's output feeds nothing else and is no graph output;
    /// the convolution node then carries `ONNXConvolution.fusedReLUAttribute`.
    func fusingConvolutionReLUs() -> ONNXModel {
        let consumers = readCounts, producers = producerIndices

        var rewritten: [ONNXNode?] = nodes.map { $0 }
        for (index, relu) in nodes.enumerated() where relu.operatorType == "Relu" && relu.domain.isEmpty {
            guard relu.inputs.count == 1, relu.outputs.count == 1, consumers[relu.inputs[0]] == 1,
                  let producerIndex = producers[relu.inputs[0]], let convolution = rewritten[producerIndex],
                  convolution.operatorType == "Conv", convolution.domain.isEmpty, convolution.outputs.count == 1,
                  convolution.attributes[ONNXConvolution.fusedReLUAttribute] == nil else { continue }
            var attributes = convolution.attributes
            attributes[ONNXConvolution.fusedReLUAttribute] = .int(1)
            rewritten[producerIndex] = ONNXNode(name: convolution.name, operatorType: convolution.operatorType,
                                                domain: convolution.domain, inputs: convolution.inputs,
                                                outputs: relu.outputs, attributes: attributes)
            rewritten[index] = nil
        }
        return ONNXModel(rewriting: self, nodes: rewritten.compactMap { $0 }, initializers: initializers)
    }
}
