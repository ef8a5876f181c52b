/// The neighbourhood of erosion and dilation (`cv2.getStructuringElement`), anchored at its
/// centre.
public struct StructuringElement: Sendable, Hashable {
    /// The shape inside the element's rectangle.
    public enum Shape: Int32, Sendable, CaseIterable {
        /// The full rectangle (`MORPH_RECT`).
        case rectangle = 0
        /// The centre row and column (`MORPH_CROSS`).
        case cross = 1
        /// The inscribed ellipse (`MORPH_ELLIPSE`), what DFL uses for mask erosion.
        case ellipse = 2
    }

    public var shape: Shape
    /// Width in pixels, at least 1.
    public var width: Int
    /// Height in pixels, at least 1.
    public var height: Int

    public init(shape: Shape, width: Int, height: Int) {
        precondition(width >= 1 && height >= 1, "StructuringElement: size \(width)x\(height) must be at least 1x1")
        self.shape = shape
        self.width = width
        self.height = height
    }

    /// A square element of `size`×`size` pixels.
    public init(shape: Shape, size: Int) {
        self.init(shape: shape, width: size, height: size)
    }
}
