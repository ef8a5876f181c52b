extension DlibShapePredictor {
    /// The square box on which this predictor's mean shape best covers `landmarks`: the scale s
    /// and offset o minimising Σ‖s·meanᵢ + o − landmarkᵢ‖², giving the box from o to o + (s, s).
    public func box(fitting landmarks: [SIMD2<Float>]) -> DlibRectangle {
        precondition(landmarks.count == partCount, "box(fitting:): \(landmarks.count) landmarks for a \(partCount)-point model")
        let count = Double(partCount)
        let meanOfShape = meanShape.reduce(SIMD2<Double>.zero) { $0 + SIMD2<Double>($1) } / count
        let meanOfPoints = landmarks.reduce(SIMD2<Double>.zero) { $0 + SIMD2<Double>($1) } / count
        var covariance = 0.0
        var variance = 0.0
        for (shapePoint, point) in zip(meanShape, landmarks) {
            let u = SIMD2<Double>(shapePoint) - meanOfShape
            covariance += (u * (SIMD2<Double>(point) - meanOfPoints)).sum()
            variance += (u * u).sum()
        }
        let side = variance > 0 ? covariance / variance : 0
        let origin = meanOfPoints - side * meanOfShape
        return DlibRectangle(left: Int(origin.x.rounded()), top: Int(origin.y.rounded()),
                             right: Int((origin.x + side).rounded()), bottom: Int((origin.y + side).rounded()))
    }
}
