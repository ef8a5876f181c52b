import CVision

/// What warps and remaps read outside the source image (OpenCV's `BORDER_*`).
public enum BorderMode: Sendable, Hashable {
    /// A fixed value (`BORDER_CONSTANT`), in the image's element units.
    case constant(PixelValue)
    /// The nearest edge pixel: `aaa|abcd|ddd` (`BORDER_REPLICATE`).
    case replicate
    /// Mirrored including the edge pixel: `cba|abcd|dcb` (`BORDER_REFLECT`).
    case reflect
    /// Mirrored around the edge pixel: `dcb|abcd|cba` (`BORDER_REFLECT_101`).
    case reflect101
    /// Tiled: `bcd|abcd|abc` (`BORDER_WRAP`).
    case wrap
    /// Leaves destination pixels that map outside the source unchanged (`BORDER_TRANSPARENT`);
    /// use it with the warps that draw into an existing image.
    case transparent

    var cvCode: Int32 {
        switch self {
        case .constant: 0
        case .replicate: 1
        case .reflect: 2
        case .wrap: 3
        case .reflect101: 4
        case .transparent: 5
        }
    }

    var value: PixelValue {
        if case .constant(let value) = self { return value }
        return .zero
    }
}
