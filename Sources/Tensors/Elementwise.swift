import CTorch

extension Tensor {
    func unary(_ op: ct_unary_op) -> Tensor { produce { ct_unary(Int32(op.rawValue), handle, $0) } }
    func binary(_ op: ct_binary_op, _ other: Tensor) -> Tensor { produce { ct_binary(Int32(op.rawValue), handle, other.handle, $0) } }
    func binary(_ op: ct_binary_op, _ scalar: Double) -> Tensor { produce { ct_binary_scalar(Int32(op.rawValue), handle, scalar, $0) } }
    static func binary(_ op: ct_binary_op, _ scalar: Double, _ tensor: Tensor) -> Tensor {
        produce { ct_scalar_binary(Int32(op.rawValue), scalar, tensor.handle, $0) }
    }

    public func exp() -> Tensor { unary(CT_EXP) }
    public func log() -> Tensor { unary(CT_LOG) }
    public func log1p() -> Tensor { unary(CT_LOG1P) }
    public func sqrt() -> Tensor { unary(CT_SQRT) }
    public func rsqrt() -> Tensor { unary(CT_RSQRT) }
    public func abs() -> Tensor { unary(CT_ABS) }
    public func sin() -> Tensor { unary(CT_SIN) }
    public func cos() -> Tensor { unary(CT_COS) }
    public func square() -> Tensor { unary(CT_SQUARE) }
    public func sign() -> Tensor { unary(CT_SIGN) }
    public func floor() -> Tensor { unary(CT_FLOOR) }
    public func rounded() -> Tensor { unary(CT_ROUND) }
    public func reciprocal() -> Tensor { unary(CT_RECIPROCAL) }
    public func logicalNot() -> Tensor { unary(CT_LOGICAL_NOT) }
    public func pow(_ exponent: Double) -> Tensor { binary(CT_POW, exponent) }
    public func pow(_ exponent: Tensor) -> Tensor { binary(CT_POW, exponent) }

    /// Element-wise larger / smaller of two tensors (broadcasting) or of a tensor and a scalar.
    public func maximum(_ other: Tensor) -> Tensor { binary(CT_MAXIMUM, other) }
    public func minimum(_ other: Tensor) -> Tensor { binary(CT_MINIMUM, other) }
    public func maximum(_ value: Double) -> Tensor { binary(CT_MAXIMUM, value) }
    public func minimum(_ value: Double) -> Tensor { binary(CT_MINIMUM, value) }

    /// Values limited to [low, high].
    public func clamped(_ low: Double, _ high: Double) -> Tensor { produce { ct_clamp(handle, low, high, $0) } }

    /// Element-wise comparisons giving bool tensors.
    public func eq(_ other: Tensor) -> Tensor { binary(CT_EQ, other) }
    public func lt(_ other: Tensor) -> Tensor { binary(CT_LT, other) }
    public func gt(_ other: Tensor) -> Tensor { binary(CT_GT, other) }
    public func eq(_ value: Double) -> Tensor { binary(CT_EQ, value) }
    public func lt(_ value: Double) -> Tensor { binary(CT_LT, value) }
    public func ne(_ value: Double) -> Tensor { binary(CT_NE, value) }
    public func le(_ value: Double) -> Tensor { binary(CT_LE, value) }
    public func gt(_ value: Double) -> Tensor { binary(CT_GT, value) }
    public func ge(_ value: Double) -> Tensor { binary(CT_GE, value) }

    /// `a` where `condition` is true, else `b`.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        produce { ct_where(condition.handle, a.handle, b.handle, $0) }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.binary(CT_ADD, b) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.binary(CT_SUB, b) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.binary(CT_MUL, b) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.binary(CT_DIV, b) }
    public static func + (a: Tensor, b: Double) -> Tensor { a.binary(CT_ADD, b) }
    public static func - (a: Tensor, b: Double) -> Tensor { a.binary(CT_SUB, b) }
    public static func * (a: Tensor, b: Double) -> Tensor { a.binary(CT_MUL, b) }
    public static func / (a: Tensor, b: Double) -> Tensor { a.binary(CT_DIV, b) }
    public static func + (a: Double, b: Tensor) -> Tensor { binary(CT_ADD, a, b) }
    public static func - (a: Double, b: Tensor) -> Tensor { binary(CT_SUB, a, b) }
    public static func * (a: Double, b: Tensor) -> Tensor { binary(CT_MUL, a, b) }
    public static func / (a: Double, b: Tensor) -> Tensor { binary(CT_DIV, a, b) }
    public static prefix func - (a: Tensor) -> Tensor { a.unary(CT_NEG) }
}
