/// The TFLite operators Masque runs, by TFLite's builtin code (`BuiltinOperator`), each planned
/// by its kernel. `DEQUANTIZE` of constants is folded by `TFLiteGraphPlanner` itself.
public enum TFLiteOperatorTable {
    public static let kernels: [Int32: any TFLiteKernel.Type] = [
        0: TFLiteAdd.self,
        2: TFLiteConcatenation.self,
        3: TFLiteConvolution.self,
        4: TFLiteConvolution.self,
        17: TFLiteMaxPool.self,
        19: TFLiteRelu.self,
        22: TFLiteReshape.self,
        23: TFLiteResizeBilinear.self,
        34: TFLitePad.self,
        54: TFLitePRelu.self,
    ]

    /// TFLite's builtin code of `DEQUANTIZE`.
    public static let dequantize: Int32 = 6

    /// The supported operators' names, sorted.
    public static var supportedNames: [String] {
        (kernels.keys.map(TFLiteOperatorNames.name(of:)) + [TFLiteOperatorNames.name(of: dequantize)]).sorted()
    }
}
