import Foundation

/// Where dlib cuts an aligned face chip out of a frame (`dlib::get_face_chip_details`): the
/// similarity transform that best puts the face's landmarks on dlib's mean face, scaled so the
/// mean face plus `padding` on each side fills a `size` × `size` chip.
///
/// The chip is the rectangle (`left`…`right`, `top`…`bottom`, frame pixels, right and bottom
/// inclusive like dlib's `drectangle`) rotated by `angle` about its centre.
public struct FaceChipDetails: Sendable, Equatable {
    public var left: Double
    public var top: Double
    public var right: Double
    public var bottom: Double
    /// Rotation of the chip about the rectangle's centre, radians (positive turns x towards y).
    public var angle: Double
    /// The chip's width and height in pixels.
    public var size: Int

    /// dlib's mean positions of its 5-point model's landmarks (right eye corners, left eye corners,
    /// bottom of the nose) in the unit square of the face.
    public static let fivePointTemplate: [SIMD2<Double>] = [
        SIMD2(0.8595674595992, 0.2134981538014), SIMD2(0.6460604764104, 0.2289674387677),
        SIMD2(0.1205750620789, 0.2137274526848), SIMD2(0.3340850613712, 0.2290642403242),
        SIMD2(0.4901123135679, 0.6277975316475),
    ]

    /// dlib's mean positions of iBUG landmarks 17…67 in the unit square of the face.
    public static let sixtyEightPointTemplate: [SIMD2<Double>] = {
        let x: [Double] = [
            0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
            0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
            0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
            0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
            0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
            0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
            0.553364, 0.490127, 0.42689,
        ]
        let y: [Double] = [
            0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
            0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
            0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
            0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
            0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
            0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
            0.784792, 0.824182, 0.831803, 0.824182,
        ]
        return zip(x, y).map { SIMD2($0, $1) }
    }()

    /// The iBUG landmarks dlib aligns 68-point faces on: nose and eyes (27…47), outer lips and
    /// upper inner lip (48…54, 60…64); the jaw, eyebrows and lower lip are left out.
    public static let sixtyEightPointIndices: [Int] = Array(27...54) + Array(60...64)

    public init(left: Double, top: Double, right: Double, bottom: Double, angle: Double, size: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.angle = angle
        self.size = size
    }

    /// The chip of a face with dlib's 5 landmarks (its 5-point shape predictor's layout) or the
    /// 68 iBUG landmarks, in frame pixels. dlib's face recognition uses `size` 150 and `padding`
    /// 0.25 (a quarter of the face's width on each side).
    public init(landmarks: [SIMD2<Float>], size: Int = 150, padding: Double = 0.25) throws(FaceIdentityError) {
        guard size > 0, padding >= 0 else { throw FaceIdentityError("a face chip needs a positive size and padding ≥ 0 (got \(size), \(padding))") }
        guard landmarks.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw FaceIdentityError("a face chip needs finite landmarks")
        }
        let template: [SIMD2<Double>]
        let targets: [SIMD2<Double>]
        switch landmarks.count {
        case 5:
            template = Self.fivePointTemplate
            targets = landmarks.map { SIMD2<Double>($0) }
        case 68:
            template = Self.sixtyEightPointIndices.map { Self.sixtyEightPointTemplate[$0 - 17] }
            targets = Self.sixtyEightPointIndices.map { SIMD2<Double>(landmarks[$0]) }
        default:
            throw FaceIdentityError("a face chip needs dlib's 5 landmarks or the 68 iBUG landmarks, got \(landmarks.count)")
        }
        let chipPoints = template.map { ($0 + padding) / (2 * padding + 1) * Double(size) }
        let transform = DlibSimilarityTransform(mapping: chipPoints, onto: targets)
        let scale = (transform.m00 * transform.m00 + transform.m10 * transform.m10).squareRoot()
        let centre = transform.apply(SIMD2(Double(size) / 2, Double(size) / 2))
        let halfExtent = (Double(size) * scale - 1) / 2
        self.init(left: centre.x - halfExtent, top: centre.y - halfExtent, right: centre.x + halfExtent,
                  bottom: centre.y + halfExtent, angle: atan2(transform.m10, transform.m00), size: size)
    }

    /// The rectangle's centre in frame pixels.
    public var centre: SIMD2<Double> { SIMD2((left + right) / 2, (top + bottom) / 2) }
}
