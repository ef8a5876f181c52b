/// DFL's normalised 33-point template `landmarks_2D_new` (float32 in DFL): where landmarks
/// 17–48 and 54 land in the unit square of an aligned face (reference §2.4).
public enum AlignmentTemplate {
    /// Indices of the 68-point layout that are aligned: brows 17–26, nose 27–35, eyes 36–47,
    /// mouth corners 48 and 54.
    public static let landmarkIndices: [Int] = Array(17...48) + [54]

    /// Template points in the order of `landmarkIndices`.
    public static let points: [SIMD2<Float>] = [
        SIMD2(0.000213256, 0.106454), SIMD2(0.0752622, 0.038915), SIMD2(0.18113, 0.0187482),
        SIMD2(0.29077, 0.0344891), SIMD2(0.393397, 0.0773906), SIMD2(0.586856, 0.0773906),
        SIMD2(0.689483, 0.0344891), SIMD2(0.799124, 0.0187482), SIMD2(0.904991, 0.038915),
        SIMD2(0.98004, 0.106454), SIMD2(0.490127, 0.203352), SIMD2(0.490127, 0.307009),
        SIMD2(0.490127, 0.409805), SIMD2(0.490127, 0.515625), SIMD2(0.36688, 0.587326),
        SIMD2(0.426036, 0.609345), SIMD2(0.490127, 0.628106), SIMD2(0.554217, 0.609345),
        SIMD2(0.613373, 0.587326), SIMD2(0.121737, 0.216423), SIMD2(0.187122, 0.178758),
        SIMD2(0.265825, 0.179852), SIMD2(0.334606, 0.231733), SIMD2(0.260918, 0.245099),
        SIMD2(0.182743, 0.244077), SIMD2(0.645647, 0.231733), SIMD2(0.714428, 0.179852),
        SIMD2(0.793132, 0.178758), SIMD2(0.858516, 0.216423), SIMD2(0.79751, 0.244077),
        SIMD2(0.719335, 0.245099), SIMD2(0.254149, 0.780233), SIMD2(0.726104, 0.780233),
    ]
}
