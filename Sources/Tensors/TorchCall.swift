import CTorch
import Support

/// An error reported by libtorch for an operation whose failure depends on input data
/// (device moves, loading, host copies).
public struct TensorError: MasqueError, Sendable {
    /// One line saying what failed.
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// The last libtorch error on this thread, as one line.
func lastTorchError() -> String {
    let text = String(cString: ct_last_error())
    return text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "libtorch error"
}

/// Runs a CTorch call whose failure means a programming error (shape or dtype mismatch):
/// stops with libtorch's message.
@inline(__always)
func check(_ status: Int32, _ operation: StaticString = #function) {
    if status != 0 { fatalError("libtorch \(operation): \(lastTorchError())") }
}

/// Runs a CTorch call whose failure is a recoverable error.
@inline(__always)
func attempt(_ status: Int32, _ context: @autoclosure () -> String) throws(TensorError) {
    if status != 0 { throw TensorError("\(context()): \(lastTorchError())") }
}

/// Calls a CTorch function producing a tensor and wraps the handle.
@inline(__always)
func produce(_ operation: StaticString = #function, _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32) -> Tensor {
    var out: OpaquePointer?
    check(body(&out), operation)
    let tensor = Tensor(owning: out!)
    AllocationTally.note(tensor)
    return tensor
}
