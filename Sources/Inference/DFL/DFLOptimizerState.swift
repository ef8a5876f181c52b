import DFLFormats
import Foundation
import NN
import Support
import Tensors

/// An optimizer's state in DFL's optimizer files (`<name>_SAEHD_src_dst_opt.npy`,
/// `_D_code_opt.npy`, `_GAN_opt.npy`; reference §5.6, §5.9): leras `Saveable.save_weights` of
/// `nn.AdaBelief` / `nn.RMSprop`, a pickled dict of `iters:0` (int64) and then, slot by slot in
/// the optimised weights' order, `ms_<variable>:0`, `vs_<variable>:0` (AdaBelief) or
/// `acc_<variable>:0` (RMSprop), where `<variable>` is the weight's full TF name with `:` made `_`
/// (`ms_encoder/down1/downs_0/conv1/weight_0:0`). Slots of kernels are stored HWIO, like the kernels.
public enum DFLOptimizerState {
    /// The file key of `slot` for the weight whose full DFL name is `variable` (`encoder/down1/downs_0/conv1/weight:0`).
    public static func key(slot: String, variable: String) -> String {
        "\(slot)_\(variable.replacingOccurrences(of: ":", with: "_")):0"
    }

    /// The full DFL variable name of optimizer parameter `name`: `modelName/` (the sub-model's own
    /// name, e.g. `dis/` or `D_src/`; empty when the parameter names already start with it) and the
    /// leras key of the parameter path.
    static func variable(_ name: String, modelName: String) -> String {
        modelName + DFLWeightLoader.key(forParameter: name)
    }

    /// The file's bytes for `optimizer`, whose parameters belong to the sub-model `modelName`.
    public static func encode(_ optimizer: Optimizer, modelName: String = "") throws -> [UInt8] {
        var pairs: [(String, PickleValue)] = [
            ("iters:0", .ndarray(try NumpyArray(integers: [Int(optimizer.iterations)], dtype: .int64, shape: []))),
        ]
        for slot in optimizer.slotNames {
            for (index, entry) in optimizer.parameters.enumerated() {
                let name = key(slot: slot, variable: variable(entry.name, modelName: modelName))
                pairs.append((name, .ndarray(try DFLWeightWriter.array(of: optimizer.slot(slot, index)))))
            }
        }
        return try PickleWriter(protocolVersion: .four).write(.dict(PickleDictionary(pairs)))
    }

    /// Writes `optimizer`'s state to `url` atomically.
    public static func write(_ optimizer: Optimizer, modelName: String = "", to url: URL) throws {
        try AtomicFile.write(Data(try encode(optimizer, modelName: modelName)), to: url)
    }

    /// Loads `file` into `optimizer`, as leras loads it: a slot the file lacks starts at zero (DFL
    /// initialises missing variables silently), extra keys are ignored, a missing `iters:0`
    /// counts from 0. A slot of the wrong shape or type throws naming the file and key, and then
    /// nothing is changed. `network` names the model in messages.
    public static func load(_ file: DFLWeightFile, into optimizer: Optimizer, modelName: String = "",
                            network: String) throws(DFLModelError) {
        var slots: [String: [Tensor]] = [:]
        for slot in optimizer.slotNames {
            var list: [Tensor] = []
            for (index, entry) in optimizer.parameters.enumerated() {
                let name = key(slot: slot, variable: variable(entry.name, modelName: modelName))
                if let array = file[name] {
                    list.append(try DFLWeightLoader.values(of: array, shapedAs: entry.parameter.value.shape, key: name,
                                                           in: file, network: network))
                } else {
                    list.append(optimizer.slot(slot, index).zerosLike())
                }
            }
            slots[slot] = list
        }
        var iterations: Int64 = 0
        if let iters = file["iters:0"] {
            guard iters.count == 1, let count = iters.integers()?.first, count >= 0 else {
                throw DFLModelError("\(file.url.path): 'iters:0' is not one non-negative integer (the file is damaged; delete it to start the optimizer afresh)")
            }
            iterations = Int64(count)
        }
        optimizer.restore(iterations: iterations, slots: slots)
    }
}
