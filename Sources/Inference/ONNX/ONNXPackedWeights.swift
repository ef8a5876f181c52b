import Foundation
import Tensors

/// One kernel's weight in oneDNN's layout for the input shapes it ran on last (the last few are
/// kept), packed from one weight tensor: a graph constant, the same tensor on every run. Another
/// tensor starts over.
final class ONNXPackedWeights: @unchecked Sendable {
    private static let shapesKept = 4
    private let fromSecondUse: Bool
    private let lock = NSLock()
    private var source: Tensor?
    private var packed: [(shape: [Int], weight: Tensor)] = []

    /// `fromSecondUse`: pack a weight only once a second call brings the same tensor, for an
    /// operand that may also be computed in the graph (a new tensor on every run, never packed).
    init(fromSecondUse: Bool) {
        self.fromSecondUse = fromSecondUse
    }

    /// `weight` packed (by `pack`) for inputs of `shape`; nil when the kernel should use the
    /// unpacked weight this time.
    func weight(_ weight: Tensor, for shape: [Int], pack: () -> Tensor) -> Tensor? {
        lock.withLock {
            if source !== weight {
                source = weight
                packed = []
                if fromSecondUse { return nil }
            }
            if let index = packed.firstIndex(where: { $0.shape == shape }) {
                let entry = packed.remove(at: index)
                packed.append(entry)
                return entry.weight
            }
            let made = pack()
            if packed.count == Self.shapesKept { packed.removeFirst() }
            packed.append((shape, made))
            return made
        }
    }
}
