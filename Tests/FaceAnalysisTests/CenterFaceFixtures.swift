import Foundation
import Imaging
import Testing
import TestSupport

/// The portraits and their variants as Tests/Reference/make_centerface_fixtures.py makes them,
/// and that script's reference results.
enum CenterFaceFixtures {
    static let portraits = ["astronaut", "grace_hopper"]
    static let variants = ["", "_rot90", "_half", "_flip"]
    static var allNames: [String] { portraits.flatMap { portrait in variants.map { portrait + $0 } } }

    /// The frame named `name` (`<portrait><variant>`), BGR uint8.
    static func frame(_ name: String) throws -> Image {
        let portrait = try #require(portraits.first { name.hasPrefix($0) })
        let file = portrait == "astronaut" ? "astronaut.png" : "grace_hopper.jpg"
        let image = try Image(contentsOf: ReferenceFixtures.url("portraits/\(file)"), mode: .color)
        switch String(name.dropFirst(portrait.count)) {
        case "": return image
        case "_rot90": return rotatedClockwise(image)
        case "_half": return image.resized(width: image.width / 2, height: image.height / 2, interpolation: .area)
        case "_flip": return flippedHorizontally(image)
        case let variant: throw FixtureError("unknown variant \(variant)")
        }
    }

    /// The reference faces of `name`: rows of left, top, right, bottom, score, 5 × (x, y).
    static func referenceFaces(_ name: String) throws -> [[Float]] {
        let array = try NumpyArray(reference: "centerface/\(name)_faces.npy")
        let values = array.values(as: Float.self)
        return (0..<array.shape[0]).map { Array(values[$0 * 15..<($0 + 1) * 15]) }
    }

    /// Height, width and the sum of the pixel values of the reference script's frame.
    static func referenceInput(_ name: String) throws -> [Int64] {
        try NumpyArray(reference: "centerface/\(name)_input.npy").values(as: Int64.self)
    }

    static func pixelSum(_ image: Image) -> Int64 {
        image.pixels(as: UInt8.self).reduce(0) { $0 + Int64($1) }
    }

    /// `cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)`.
    static func rotatedClockwise(_ image: Image) -> Image {
        let source = image.pixels(as: UInt8.self)
        let channels = image.channels
        var rotated = [UInt8](repeating: 0, count: source.count)
        for row in 0..<image.width {
            for column in 0..<image.height {
                let from = ((image.height - 1 - column) * image.width + row) * channels
                let to = (row * image.height + column) * channels
                rotated[to..<to + channels] = source[from..<from + channels]
            }
        }
        return Image(width: image.height, height: image.width, channels: channels, pixels: rotated)
    }

    /// `cv2.flip(image, 1)`.
    static func flippedHorizontally(_ image: Image) -> Image {
        let source = image.pixels(as: UInt8.self)
        let channels = image.channels
        var flipped = [UInt8](repeating: 0, count: source.count)
        for row in 0..<image.height {
            for column in 0..<image.width {
                let from = (row * image.width + image.width - 1 - column) * channels
                let to = (row * image.width + column) * channels
                flipped[to..<to + channels] = source[from..<from + channels]
            }
        }
        return Image(width: image.width, height: image.height, channels: channels, pixels: flipped)
    }
}
