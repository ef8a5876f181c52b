/// The options of the operators Masque runs (the `BuiltinOptions` union of TFLite's schema).
public enum TFLiteBuiltinOptions: Sendable, Equatable {
    /// No options table.
    case none
    /// `Conv2DOptions` or `DepthwiseConv2DOptions`.
    case convolution(Convolution)
    /// `Pool2DOptions`.
    case pool(Pool)
    /// `AddOptions`.
    case add(activation: TFLiteActivation)
    /// `ConcatenationOptions`: the axis in the tensors' own (NHWC) order, negative from the end.
    case concatenation(axis: Int, activation: TFLiteActivation)
    /// `ReshapeOptions`.
    case reshape(newShape: [Int])
    /// `ResizeBilinearOptions`.
    case resizeBilinear(alignCorners: Bool, halfPixelCenters: Bool)
    /// Options of an operator Masque does not run, by union type.
    case other(type: UInt8)

    /// Strides, dilations, padding and fused activation of `CONV_2D` / `DEPTHWISE_CONV_2D`.
    public struct Convolution: Sendable, Equatable {
        public var padding: TFLitePadding
        public var strideHeight: Int
        public var strideWidth: Int
        public var dilationHeight: Int
        public var dilationWidth: Int
        /// Output channels per input channel (depthwise only; 1 for `CONV_2D`).
        public var depthMultiplier: Int
        public var activation: TFLiteActivation
    }

    /// Window, strides, padding and fused activation of the pooling operators.
    public struct Pool: Sendable, Equatable {
        public var padding: TFLitePadding
        public var strideHeight: Int
        public var strideWidth: Int
        public var filterHeight: Int
        public var filterWidth: Int
        public var activation: TFLiteActivation
    }
}

extension TFLiteBuiltinOptions {
    /// Union type codes of the options tables read here.
    private enum UnionType {
        static let conv2D: UInt8 = 1
        static let depthwiseConv2D: UInt8 = 2
        static let pool2D: UInt8 = 5
        static let concatenation: UInt8 = 10
        static let add: UInt8 = 11
        static let resizeBilinear: UInt8 = 15
        static let reshape: UInt8 = 17
    }

    /// Reads the options table `table` of union type `type` (field slots as in the schema).
    public init(type: UInt8, table: FlatTable?) throws(FlatBufferError) {
        guard type != 0 else {
            self = .none
            return
        }
        guard let table else { throw FlatBufferError("operator options of type \(type) without a table") }
        switch type {
        case UnionType.conv2D:
            self = .convolution(Convolution(
                padding: try Self.padding(table, 0), strideHeight: Int(try table.int32(2)),
                strideWidth: Int(try table.int32(1)), dilationHeight: Int(try table.int32(5, default: 1)),
                dilationWidth: Int(try table.int32(4, default: 1)), depthMultiplier: 1,
                activation: try Self.activation(table, 3)))
        case UnionType.depthwiseConv2D:
            self = .convolution(Convolution(
                padding: try Self.padding(table, 0), strideHeight: Int(try table.int32(2)),
                strideWidth: Int(try table.int32(1)), dilationHeight: Int(try table.int32(6, default: 1)),
                dilationWidth: Int(try table.int32(5, default: 1)), depthMultiplier: Int(try table.int32(3)),
                activation: try Self.activation(table, 4)))
        case UnionType.pool2D:
            self = .pool(Pool(
                padding: try Self.padding(table, 0), strideHeight: Int(try table.int32(2)),
                strideWidth: Int(try table.int32(1)), filterHeight: Int(try table.int32(4)),
                filterWidth: Int(try table.int32(3)), activation: try Self.activation(table, 5)))
        case UnionType.concatenation:
            self = .concatenation(axis: Int(try table.int32(0)), activation: try Self.activation(table, 1))
        case UnionType.add:
            self = .add(activation: try Self.activation(table, 0))
        case UnionType.resizeBilinear:
            self = .resizeBilinear(alignCorners: try table.bool(2), halfPixelCenters: try table.bool(3))
        case UnionType.reshape:
            self = .reshape(newShape: try table.int32s(0).map(Int.init))
        default:
            self = .other(type: type)
        }
    }

    private static func padding(_ table: FlatTable, _ slot: Int) throws(FlatBufferError) -> TFLitePadding {
        let raw = try table.int8(slot)
        guard let padding = TFLitePadding(rawValue: raw) else { throw FlatBufferError("unknown padding \(raw)") }
        return padding
    }

    private static func activation(_ table: FlatTable, _ slot: Int) throws(FlatBufferError) -> TFLiteActivation {
        let raw = try table.int8(slot)
        guard let activation = TFLiteActivation(rawValue: raw) else {
            throw FlatBufferError("unknown fused activation \(raw)")
        }
        return activation
    }
}
