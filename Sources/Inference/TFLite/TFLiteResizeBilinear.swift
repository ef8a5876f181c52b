import Tensors

/// `RESIZE_BILINEAR` to `height`×`width` (half-pixel centres unless `alignCorners`).
public struct TFLiteResizeBilinear: TFLiteKernel {
    let height: Int
    let width: Int
    let alignCorners: Bool

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        guard case .resizeBilinear(let alignCorners, let halfPixelCenters) = op.options else {
            throw planner.corrupt("RESIZE_BILINEAR without ResizeBilinearOptions")
        }
        guard alignCorners != halfPixelCenters else {
            throw planner.unsupported("RESIZE_BILINEAR with align_corners \(alignCorners) and half_pixel_centers \(halfPixelCenters)")
        }
        let x = try planner.input(op, 0)
        let shape = try planner.dataShape(x)
        let size = try planner.integers(try planner.input(op, 1))
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }), size.count == 2, size.allSatisfy({ $0 > 0 && $0 < 1 << 16 })
        else {
            throw planner.corrupt("RESIZE_BILINEAR of \(shape) to \(size)")
        }
        return TFLitePlannedOperator(kernel: TFLiteResizeBilinear(height: size[0], width: size[1], alignCorners: alignCorners),
                                     inputs: [x], shape: [shape[0], size[0], size[1], shape[3]])
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        let y = inputs[0].nchw.resized(height: height, width: width, mode: .bilinear, alignCorners: alignCorners)
        return TFLiteValue(y, channelsFirst: true)
    }
}
