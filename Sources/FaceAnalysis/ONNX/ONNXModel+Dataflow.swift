extension ONNXModel {
    /// How many times each value is read: by nodes (once per input slot) and as a graph output.
    var readCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for node in nodes {
            for input in node.inputs where !input.isEmpty { counts[input, default: 0] += 1 }
        }
        for output in outputs { counts[output.name, default: 0] += 1 }
        return counts
    }

    /// The index in `nodes` of the node that writes each value.
    var producerIndices: [String: Int] {
        var producers: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty { producers[output] = index }
        }
        return producers
    }
}
