/// How a stream of faces becomes what a model's step reads (one of DFL's sample generators:
/// `samplelib/SampleGeneratorFace.py` with `SampleProcessor`, `SampleGeneratorFaceXSeg.py`): one
/// face at a time with the random draws of its own generator, then a batch of them stacked.
/// `SampleQueue` runs it on background threads; the same draws give the same outputs.
public protocol SampleProcessing: Sendable {
    /// What one processed face holds.
    associatedtype Output: Sendable

    /// Draw faces evenly over head turn (DFL's `uniform_yaw`) instead of evenly over faces.
    var uniformYaw: Bool { get }

    /// `sample` processed with random draws from `random`; `colorReference` is the face a colour
    /// transfer recolours it towards, when its stream has such faces.
    func process(_ sample: TrainingSample, colorReference: TrainingSample?,
                 using random: inout some RandomNumberGenerator) throws -> Output

    /// The outputs of one batch stacked into tensors.
    func batch(_ outputs: [Output]) throws -> TrainingBatch
}
