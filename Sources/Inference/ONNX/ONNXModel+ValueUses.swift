extension ONNXModel {
    /// For the graph rewrites: how many nodes (and graph outputs) read each value, and the index
    /// of the node that writes it.
    var valueUses: (readers: [String: Int], producers: [String: Int]) {
        var readers: [String: Int] = [:]
        for node in nodes {
            for input in node.inputs where !input.isEmpty { readers[input, default: 0] += 1 }
        }
        for output in outputs { readers[output.name, default: 0] += 1 }
        var producers: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty { producers[output] = index }
        }
        return (readers, producers)
    }
}
