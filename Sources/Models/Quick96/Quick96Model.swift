import Support
import Tensors

extension Quick96 {
    /// Quick96 as a trainable model (reference §6.2): SAEHD's df-ud network at 96 px full face,
    /// RMSprop at 2e-4 with learning-rate dropout, batch 4, its own loss; no options to ask.
    public static func model(generator: Generator? = nil) -> SAEHDModel {
        let options: [String: OptionValue] = [
            "resolution": .int(dimensions.resolution), "face_type": .string(faceType), "archi": .string(architecture.description),
            "batch_size": .int(batchSize), "random_warp": .bool(true), "random_src_flip": .bool(false),
            "random_dst_flip": .bool(false), "adabelief": .bool(false), "lr_dropout": .string("y"),
        ]
        let network = network(generator: generator)
        let step = SAEHDTrainingStep(network: network, options: options, learningRate: learningRate, loss: loss, generator: generator)
        return SAEHDModel(kind: "Quick96", options: options, faceType: .full, batchSize: batchSize, network: network, step: step)
    }
}
