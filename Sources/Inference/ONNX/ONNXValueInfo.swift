/// A graph input or output as the file declares it (`ValueInfoProto`).
public struct ONNXValueInfo: Sendable {
    /// One declared dimension.
    public enum Dimension: Sendable, Equatable {
        case fixed(Int)
        /// A named, free size such as `batch`.
        case symbolic(String)
        case unknown
    }

    public let name: String
    /// The element type, or nil when it is not a tensor of a type Masque holds.
    public let elementType: ONNXElementType?
    /// The declared dimensions, or nil when the file declares no shape.
    public let dimensions: [Dimension]?

    public init(name: String, elementType: ONNXElementType?, dimensions: [Dimension]?) {
        self.name = name
        self.elementType = elementType
        self.dimensions = dimensions
    }

    init(proto: Onnx_ValueInfoProto) {
        name = proto.name
        guard case .tensorType(let tensor)? = proto.type.value else {
            elementType = nil
            dimensions = nil
            return
        }
        elementType = ONNXElementType(code: tensor.elemType)
        dimensions = tensor.hasShape ? tensor.shape.dim.map { dimension in
            switch dimension.value {
            case .dimValue(let size)?: .fixed(Int(size))
            case .dimParam(let symbol)?: .symbolic(symbol)
            case nil: .unknown
            }
        } : nil
    }
}
