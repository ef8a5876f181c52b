import Tensors

/// The activation a layer applies to its output (ncnn's `activation_type` with
/// `activation_params`): 0 none, 1 ReLU, 2 leaky ReLU (slope), 3 clip (min, max), 4 sigmoid.
public enum NCNNActivation: Sendable, Equatable {
    case none
    case relu
    case leakyRelu(slope: Float)
    case clip(min: Float, max: Float)
    case sigmoid

    public init(type: Int, params: [Float]) throws(NCNNModelIssue) {
        switch type {
        case 0: self = .none
        case 1: self = .relu
        case 2: self = .leakyRelu(slope: params.first ?? 0)
        case 3:
            guard params.count >= 2 else { throw NCNNModelIssue("clip activation needs min and max") }
            self = .clip(min: params[0], max: params[1])
        case 4: self = .sigmoid
        default:
            throw NCNNModelIssue("activation type \(type) is not run by Masque (it runs 0 none, 1 ReLU, 2 leaky ReLU, 3 clip, 4 sigmoid)")
        }
    }

    /// The activation of `x`.
    public func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .none: x
        case .relu: x.relu()
        case .leakyRelu(let slope): x.leakyRelu(Double(slope))
        case .clip(let low, let high): x.clamped(Double(low), Double(high))
        case .sigmoid: x.sigmoid()
        }
    }
}
