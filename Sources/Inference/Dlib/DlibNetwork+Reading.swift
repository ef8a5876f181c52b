extension DlibNetwork {
    /// Reads dlib's DNN serialization (`dnn/core.h`, `layers.h`, `input.h`, `loss.h`).
    ///
    /// dlib writes a network by nesting: `add_loss_layer` (version 1, loss details, subnetwork);
    /// `add_layer` (version, subnetwork — or, right above the input, the input layer's details —
    /// then its own details, three bools and the cached tensors); `add_tag_layer` and
    /// `add_skip_layer` (version 1, subnetwork). So the file holds every wrapper's version from
    /// the top down, then the input's details, then each layer's details from the bottom up.
    public init(reading reader: inout DlibStreamReader, architecture: DlibNetworkArchitecture) throws(DlibFormatError) {
        let lossVersion = try reader.readInt32("the loss layer version")
        guard lossVersion == 1 else { throw reader.failure("loss layer version \(lossVersion), expected 1 (is this a dlib network?)") }
        let loss = try reader.readString("the loss layer name")
        guard loss.hasPrefix(architecture.loss) else {
            throw reader.failure("a network with loss '\(loss.prefix(40))', expected \(architecture.name) (\(architecture.loss))")
        }
        if loss == "loss_metric_2" {
            _ = try reader.readFloat("the metric loss margin")
            _ = try reader.readFloat("the metric loss distance threshold")
        }

        let wrappers = architecture.wrappers
        var versions: [Int] = []
        for (index, wrapper) in wrappers.enumerated() {
            let version = try reader.readInt32("the version of layer \(index + 1)")
            let accepted: ClosedRange<Int>
            switch wrapper {
            case .tag, .skip: accepted = 1...1
            case .layer, .addPrevious: accepted = index == wrappers.count - 1 ? 2...3 : 1...2
            }
            guard accepted.contains(version) else {
                throw reader.failure("layer \(index + 1) has version \(version), expected \(accepted.lowerBound)…\(accepted.upperBound) for \(architecture.name)")
            }
            versions.append(version)
        }

        var layers: [DlibLayer] = [try Self.readInput(&reader)]
        for index in wrappers.indices.reversed() {
            let aboveInput = index == wrappers.count - 1
            switch wrappers[index] {
            case .tag(let number):
                layers.append(.tag(number))
            case .skip(let number):
                layers.append(.skip(number))
            case .addPrevious(let number):
                let name = try reader.readString("the name of layer \(index + 1)")
                guard name == "add_prev_" else { throw reader.failure("layer \(index + 1) is '\(name.prefix(40))', expected add_prev_") }
                layers.append(.addTagged(number))
                try Self.skipLayerState(&reader, version: versions[index], aboveInput: aboveInput, layer: index + 1)
            case .layer(let kind):
                if let layer = try Self.readLayer(kind, &reader, number: index + 1) { layers.append(layer) }
                try Self.skipLayerState(&reader, version: versions[index], aboveInput: aboveInput, layer: index + 1)
            }
        }
        guard reader.remaining == 0 else { throw reader.failure("\(reader.remaining) bytes follow the network") }
        self.init(architecture: architecture, layers: layers)
    }

    /// `add_layer`'s state after the details: three bools and the cached tensors.
    private static func skipLayerState(_ reader: inout DlibStreamReader, version: Int, aboveInput: Bool, layer: Int) throws(DlibFormatError) {
        for flag in ["setup", "stale gradient", "disabled output"] {
            _ = try reader.readBool("the \(flag) flag of layer \(layer)")
        }
        _ = try reader.readTensor("the input gradient of layer \(layer)")
        _ = try reader.readTensor("the cached output of layer \(layer)")
        if aboveInput {
            _ = try reader.readTensor("the final gradient of layer \(layer)")
            if version >= 3 { _ = try reader.readSigned("the sample expansion factor of layer \(layer)") }
        } else if version == 2 {
            _ = try reader.readTensor("the parameter gradient of layer \(layer)")
        }
    }

    /// `input_rgb_image` / `input_rgb_image_sized`: the channel means (and the size, unused).
    private static func readInput(_ reader: inout DlibStreamReader) throws(DlibFormatError) -> DlibLayer {
        let name = try reader.readString("the input layer name")
        guard name == "input_rgb_image" || name == "input_rgb_image_sized" else {
            throw reader.failure("input layer '\(name.prefix(40))', expected input_rgb_image")
        }
        let red = try reader.readFloat("the input's red mean")
        let green = try reader.readFloat("the input's green mean")
        let blue = try reader.readFloat("the input's blue mean")
        if name == "input_rgb_image_sized" {
            _ = try reader.readSigned("the input rows")
            _ = try reader.readSigned("the input columns")
        }
        return .inputRGB(mean: SIMD3(red, green, blue))
    }

    /// The details of a computational layer; nil for a disabled one (it passes data through).
    private static func readLayer(_ kind: DlibNetworkArchitecture.Kind, _ reader: inout DlibStreamReader,
                                  number: Int) throws(DlibFormatError) -> DlibLayer? {
        let name = try reader.readString("the name of layer \(number)")
        let known: [String]
        switch kind {
        case .convolution: known = ["con_4", "con_5", "con_6"]
        case .affine: known = ["affine_", "affine_2"]
        case .relu: known = ["relu_", "relu_2"]
        case .maxPool: known = ["max_pool_2"]
        case .averagePool: known = ["avg_pool_2"]
        case .fullyConnected: known = ["fc_2", "fc_3"]
        }
        guard known.contains(name) else {
            throw reader.failure("layer \(number) is '\(name.prefix(40))', expected one of \(known.joined(separator: ", "))")
        }
        switch kind {
        case .convolution: return .convolution(try readConvolution(name, &reader, number: number))
        case .affine: return try readAffine(name, &reader, number: number)
        case .relu:
            let disabled = name == "relu_2" ? try reader.readBool("the disabled flag of layer \(number)") : false
            return disabled ? nil : .relu
        case .maxPool: return .maxPool(try readPooling(&reader, number: number))
        case .averagePool: return .averagePool(try readPooling(&reader, number: number))
        case .fullyConnected: return try readFullyConnected(name, &reader, number: number)
        }
    }

    private static func readConvolution(_ name: String, _ reader: inout DlibStreamReader,
                                        number: Int) throws(DlibFormatError) -> DlibLayer.Convolution {
        let what = "convolution layer \(number)"
        let parameters = try reader.readTensor("the parameters of \(what)")
        let outputs = Int(try reader.readSigned("the filter count of \(what)"))
        let rows = Int(try reader.readSigned("the filter rows of \(what)"))
        let columns = Int(try reader.readSigned("the filter columns of \(what)"))
        let strideY = try reader.readInt32("the vertical stride of \(what)")
        let strideX = try reader.readInt32("the horizontal stride of \(what)")
        let paddingY = try reader.readInt32("the vertical padding of \(what)")
        let paddingX = try reader.readInt32("the horizontal padding of \(what)")
        let filters = try reader.readAliasTensor("the filter shape of \(what)")
        let biases = try reader.readAliasTensor("the bias shape of \(what)")
        for multiplier in ["learning rate", "weight decay", "bias learning rate", "bias weight decay"] {
            _ = try reader.readFloat("the \(multiplier) multiplier of \(what)")
        }
        let useBias = name == "con_4" ? true : try reader.readBool("the bias flag of \(what)")
        let useRelu = name == "con_6" ? try reader.readBool("the ReLU flag of \(what)") : false
        let filterCount = filters.reduce(1, *)
        let biasCount = useBias ? biases.reduce(1, *) : 0
        guard filters[0] == outputs, filters[2] == rows, filters[3] == columns, filters[1] > 0,
              biasCount == 0 || biasCount == outputs,
              parameters.elementCount == filterCount + biasCount else {
            throw reader.failure("\(what) has filters \(filters), biases \(biases) and \(parameters.elementCount) parameters, which do not fit together")
        }
        guard outputs > 0, rows > 0, columns > 0, strideY > 0, strideX > 0, paddingY >= 0, paddingX >= 0 else {
            throw reader.failure("\(what) has \(outputs) \(rows)×\(columns) filters, stride \(strideY)×\(strideX) and padding \(paddingY)×\(paddingX)")
        }
        return DlibLayer.Convolution(
            filters: Array(parameters.values[0..<filterCount]), outputs: outputs, inputs: filters[1], rows: rows,
            columns: columns, bias: biasCount > 0 ? Array(parameters.values[filterCount...]) : nil,
            strideY: strideY, strideX: strideX, paddingY: paddingY, paddingX: paddingX, reluAfter: biasCount > 0 && useRelu)
    }

    private static func readAffine(_ name: String, _ reader: inout DlibStreamReader,
                                   number: Int) throws(DlibFormatError) -> DlibLayer? {
        let what = "affine layer \(number)"
        let parameters = try reader.readTensor("the parameters of \(what)")
        let gamma = try reader.readAliasTensor("the scale shape of \(what)")
        let beta = try reader.readAliasTensor("the shift shape of \(what)")
        let mode = try reader.readInt32("the mode of \(what)")
        let disabled = name == "affine_2" ? try reader.readBool("the disabled flag of \(what)") : false
        guard mode == 0 else { throw reader.failure("\(what) works per element (fc mode), which Masque does not run") }
        let channels = gamma.reduce(1, *)
        guard gamma == beta, gamma[0] == 1, gamma[2] == 1, gamma[3] == 1, parameters.elementCount == 2 * channels else {
            throw reader.failure("\(what) has scale \(gamma), shift \(beta) and \(parameters.elementCount) parameters, which do not fit together")
        }
        if disabled { return nil }
        return .affine(scale: Array(parameters.values[0..<channels]), shift: Array(parameters.values[channels...]))
    }

    private static func readPooling(_ reader: inout DlibStreamReader, number: Int) throws(DlibFormatError) -> DlibLayer.Pooling {
        let what = "pooling layer \(number)"
        let pooling = DlibLayer.Pooling(
            rows: Int(try reader.readSigned("the window rows of \(what)")),
            columns: Int(try reader.readSigned("the window columns of \(what)")),
            strideY: try reader.readInt32("the vertical stride of \(what)"),
            strideX: try reader.readInt32("the horizontal stride of \(what)"),
            paddingY: try reader.readInt32("the vertical padding of \(what)"),
            paddingX: try reader.readInt32("the horizontal padding of \(what)"))
        guard pooling.isGlobal || (pooling.rows > 0 && pooling.columns > 0), pooling.strideY > 0, pooling.strideX > 0,
              pooling.paddingY >= 0, pooling.paddingX >= 0 else {
            throw reader.failure("\(what) has window \(pooling.rows)×\(pooling.columns), stride \(pooling.strideY)×\(pooling.strideX)")
        }
        return pooling
    }

    private static func readFullyConnected(_ name: String, _ reader: inout DlibStreamReader,
                                           number: Int) throws(DlibFormatError) -> DlibLayer {
        let what = "fully connected layer \(number)"
        let outputs = try reader.readUnsigned("the output count of \(what)")
        let inputs = try reader.readUnsigned("the input count of \(what)")
        let parameters = try reader.readTensor("the parameters of \(what)")
        let weights = try reader.readAliasTensor("the weight shape of \(what)")
        let biases = try reader.readAliasTensor("the bias shape of \(what)")
        let biasMode = try reader.readInt32("the bias mode of \(what)")
        for multiplier in ["learning rate", "weight decay", "bias learning rate", "bias weight decay"] {
            _ = try reader.readFloat("the \(multiplier) multiplier of \(what)")
        }
        let useBias = name == "fc_3" ? try reader.readBool("the bias flag of \(what)") : true
        let weightCount = weights.reduce(1, *)
        let biasCount = biasMode == 0 && useBias ? biases.reduce(1, *) : 0
        guard inputs > 0, outputs > 0, inputs <= UInt64(Int32.max), outputs <= UInt64(Int32.max),
              weights[0] == Int(inputs), weights[1] == Int(outputs), weightCount == Int(inputs * outputs),
              biasCount == 0 || biasCount == Int(outputs), parameters.elementCount == weightCount + biasCount else {
            throw reader.failure("\(what) has \(inputs) inputs, \(outputs) outputs, weights \(weights) and \(parameters.elementCount) parameters, which do not fit together")
        }
        return .fullyConnected(weights: Array(parameters.values[0..<weightCount]), inputs: Int(inputs), outputs: Int(outputs),
                               bias: biasCount > 0 ? Array(parameters.values[weightCount...]) : nil)
    }
}
