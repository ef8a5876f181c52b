import Foundation

/// The text form of an ncnn graph (`.param`): the magic number 7767517, the layer and blob
/// counts, then one line per layer in execution order.
public struct NCNNParamFile: Sendable, Equatable {
    /// The first line of every text `.param` file.
    public static let magic = 7_767_517

    /// The file the graph came from, named in errors.
    public var source: String
    public var layers: [NCNNLayerDescription]
    /// The number of distinct blobs the header declares.
    public var blobCount: Int

    /// Reads the `.param` file at `url`.
    public init(contentsOf url: URL) throws(NCNNError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NCNNError("\(url.path): cannot be read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NCNNError("\(url.path): is not a text ncnn .param file (the binary .param.bin form is not read)")
        }
        try self.init(text: text, source: url.path)
    }

    /// Parses `.param` text; `source` names it in errors.
    public init(text: String, source: String) throws(NCNNError) {
        self.source = source
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: \.isWhitespace) }
            .filter { !$0.isEmpty }.makeIterator()
        guard let magicLine = lines.next(), magicLine.count == 1, Int(magicLine[0]) == Self.magic else {
            throw NCNNError("\(source): does not start with ncnn's magic number \(Self.magic); not a text ncnn .param file")
        }
        guard let counts = lines.next(), counts.count == 2, let layerCount = Int(counts[0]), let blobCount = Int(counts[1]),
              layerCount > 0, blobCount > 0 else {
            throw NCNNError("\(source): line 2 should hold the layer and blob counts")
        }
        self.blobCount = blobCount
        var layers: [NCNNLayerDescription] = []
        var blobs = Set<String>()
        while let fields = lines.next() {
            let lineNumber = layers.count + 3
            guard fields.count >= 4, let inputCount = Int(fields[2]), let outputCount = Int(fields[3]),
                  inputCount >= 0, outputCount >= 0, fields.count >= 4 + inputCount + outputCount else {
                throw NCNNError("\(source): line \(lineNumber) is not a layer (type name inputs outputs blobs… id=value…)")
            }
            let inputs = fields[4..<4 + inputCount].map(String.init)
            let outputs = fields[4 + inputCount..<4 + inputCount + outputCount].map(String.init)
            let params: NCNNParamDict
            do throws(NCNNModelIssue) {
                params = try NCNNParamDict(fields: fields[(4 + inputCount + outputCount)...])
            } catch {
                throw NCNNError("\(source): line \(lineNumber) (\(fields[0]) '\(fields[1])'): \(error.message)")
            }
            layers.append(NCNNLayerDescription(type: String(fields[0]), name: String(fields[1]), inputs: inputs,
                                               outputs: outputs, params: params))
            blobs.formUnion(inputs)
            blobs.formUnion(outputs)
        }
        guard layers.count == layerCount else {
            throw NCNNError("\(source): declares \(layerCount) layers but holds \(layers.count); the file is cut short or damaged")
        }
        guard blobs.count == blobCount else {
            throw NCNNError("\(source): declares \(blobCount) blobs but its layers name \(blobs.count)")
        }
        self.layers = layers
    }
}
