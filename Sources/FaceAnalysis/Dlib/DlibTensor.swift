/// A DNN tensor read from a dlib file: shape (samples, channels, rows, columns) and its values in
/// that order.
struct DlibTensor: Sendable {
    var shape: [Int]
    var values: [Float]

    var elementCount: Int { values.count }
}
