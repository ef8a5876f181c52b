/// OpenCV's built-in stroke fonts for `drawText` (`FONT_HERSHEY_*`).
public enum HersheyFont: Int32, Sendable, CaseIterable {
    case simplex = 0
    case plain = 1
    case duplex = 2
    case complex = 3
    case triplex = 4
    case complexSmall = 5
    case scriptSimplex = 6
    case scriptComplex = 7
}
