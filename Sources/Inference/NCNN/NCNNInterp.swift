import Tensors

/// ncnn `Interp` of a CHW blob: 0=resize type (1 nearest, 2 bilinear, 3 bicubic),
/// 1/2=height/width scale, 3/4=output height/width (used when set), 6=align corners.
/// Dynamic target sizes (5) are refused.
public struct NCNNInterp: NCNNLayer {
    public let mode: TensorResizeMode
    public let scale: (height: Float, width: Float)
    public let size: (height: Int, width: Int)
    public let alignCorners: Bool

    public init(_ layer: NCNNLayerDescription) throws(NCNNModelIssue) {
        let p = layer.params
        switch try p.int(0, default: 0) {
        case 1: mode = .nearest
        case 2: mode = .bilinear
        case 3: mode = .bicubic
        case let other: throw NCNNModelIssue("resize type \(other) is not run by Masque (it runs 1 nearest, 2 bilinear, 3 bicubic)")
        }
        scale = (try p.float(1, default: 1), try p.float(2, default: 1))
        size = (try p.int(3, default: 0), try p.int(4, default: 0))
        guard try p.int(5, default: 0) == 0 else { throw NCNNModelIssue("dynamic target sizes are not run by Masque") }
        alignCorners = try p.int(6, default: 0) != 0
        guard scale.height > 0, scale.width > 0, size.height >= 0, size.width >= 0 else {
            throw NCNNModelIssue("scales and sizes must be positive")
        }
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] {
        try require(inputs, count: 1)
        let x = inputs[0]
        guard x.rank == 4 else { throw NCNNModelIssue("input \(x.shape) is not an image blob [N, C, H, W]") }
        let height = size.height > 0 ? size.height : Int(Float(x.shape[2]) * scale.height)
        let width = size.width > 0 ? size.width : Int(Float(x.shape[3]) * scale.width)
        guard height > 0, width > 0 else { throw NCNNModelIssue("input \(x.shape) resizes to nothing") }
        return [x.resized(height: height, width: width, mode: mode, alignCorners: mode != .nearest && alignCorners)]
    }
}
