/// The ONNX operators Masque runs, each compiled from its node into a kernel.
public enum ONNXOperatorTable {
    public typealias Compile = @Sendable (ONNXNode) throws(ONNXModelIssue) -> any ONNXKernel

    public static let kernels: [String: Compile] = [
        "Conv": { node throws(ONNXModelIssue) in try ONNXConvolution(node: node) },
        "ConvTranspose": { node throws(ONNXModelIssue) in try ONNXTransposedConvolution(node: node) },
        "BatchNormalization": { node throws(ONNXModelIssue) in try ONNXBatchNormalization(node: node) },
        "Relu": { _ in ONNXUnaryOperation(.relu) },
        "Sigmoid": { _ in ONNXUnaryOperation(.sigmoid) },
        "Tanh": { _ in ONNXUnaryOperation(.tanh) },
        "Identity": { _ in ONNXUnaryOperation(.identity) },
        "LeakyRelu": { node throws(ONNXModelIssue) in ONNXUnaryOperation(.leakyRelu(slope: try node.float("alpha", default: 0.01))) },
        "Add": { _ in ONNXBinaryOperation(.add) },
        "Sub": { _ in ONNXBinaryOperation(.subtract) },
        "Mul": { _ in ONNXBinaryOperation(.multiply) },
        "Div": { _ in ONNXBinaryOperation(.divide) },
        "Concat": { node throws(ONNXModelIssue) in try ONNXConcatenation(node: node) },
        "Cos": { _ in ONNXUnaryOperation(.cos) },
        "Sqrt": { _ in ONNXUnaryOperation(.sqrt) },
        "Floor": { _ in ONNXUnaryOperation(.floor) },
        "Reciprocal": { _ in ONNXUnaryOperation(.reciprocal) },
        "Transpose": { node throws(ONNXModelIssue) in try ONNXTranspose(node: node) },
        "Reshape": { _ in ONNXReshape() },
        "DepthToSpace": { node throws(ONNXModelIssue) in try ONNXDepthToSpace(node: node) },
        "ReduceMean": { node throws(ONNXModelIssue) in try ONNXReduceMean(node: node) },
        "MatMul": { _ in ONNXMatMul() },
        "Cast": { node throws(ONNXModelIssue) in try ONNXCast(node: node) },
        "Pad": { node throws(ONNXModelIssue) in try ONNXPad(node: node) },
        "Shape": { _ in ONNXShape() },
        "Gather": { node throws(ONNXModelIssue) in try ONNXGather(node: node) },
        "Unsqueeze": { node throws(ONNXModelIssue) in try ONNXAxes(node: node, inserting: true) },
        "Squeeze": { node throws(ONNXModelIssue) in try ONNXAxes(node: node, inserting: false) },
        "Slice": { node throws(ONNXModelIssue) in try ONNXSlice(node: node) },
    ]

    /// The supported operators' names, sorted, for messages.
    public static var supportedNames: String { kernels.keys.sorted().joined(separator: ", ") }
}
