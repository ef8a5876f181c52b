/// A DNN tensor read from a dlib file: shape (samples, channels, rows, columns) and its values in
/// that order.
public struct DlibTensor: Sendable {
    public var shape: [Int]
    public var values: [Float]

    public var elementCount: Int { values.count }
}
