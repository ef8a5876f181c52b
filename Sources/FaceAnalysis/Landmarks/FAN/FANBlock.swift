import NN
import Tensors

/// A part of the FAN that maps a feature map to one of the same size: a `FANConvBlock` or a
/// `FANHourGlass` (an hourglass' innermost `b2_plus` is either).
protocol FANBlock: Module {
    func callAsFunction(_ x: Tensor) -> Tensor
}
