import Foundation
import Imaging
import Testing
import TestSupport

/// Reading the reference fixtures of `Tests/Reference/make_imaging_fixtures.py`.
enum Fixtures {
    static func array(_ name: String) throws -> NumpyArray {
        try NumpyArray(reference: "imaging/\(name).npy")
    }

    static func url(_ fileName: String) -> URL {
        ReferenceFixtures.url("imaging/\(fileName)")
    }

    /// A fixture of shape (height, width) or (height, width, channels) as an `Image`.
    static func image(_ name: String) throws -> Image {
        image(from: try array(name))
    }

    static func image(from array: NumpyArray) -> Image {
        let shape = array.shape
        precondition(shape.count == 2 || shape.count == 3, "fixture shape \(shape) is not an image")
        let channels = shape.count == 3 ? shape[2] : 1
        switch array.elementType {
        case .uint8:
            return Image(width: shape[1], height: shape[0], channels: channels, pixels: array.values(as: UInt8.self))
        case .float32:
            return Image(width: shape[1], height: shape[0], channels: channels, pixels: array.values(as: Float.self))
        default:
            preconditionFailure("fixture element type \(array.elementType) is not an image format")
        }
    }

    static var inputU8: Image { get throws { try image("input_u8") } }
    static var inputF32: Image { get throws { try image("input_f32") } }
}

/// How far Masque's pixels may be from the reference's.
enum Tolerance {
    /// Equal values.
    case exact
    /// At most this many units apart (for uint8 results).
    case absolute(Double)
    /// |actual − expected| ≤ r · max(1, |expected|) (for float32 results).
    case relative(Double)

    func allows(_ actual: Double, _ expected: Double) -> Bool {
        switch self {
        case .exact: actual == expected
        case .absolute(let limit): abs(actual - expected) <= limit
        case .relative(let limit): abs(actual - expected) <= limit * max(1, abs(expected))
        }
    }
}

/// Expects `actual` to have the fixture's shape and format and values within `tolerance`.
func expectMatches(
    _ actual: Image, fixture name: String, tolerance: Tolerance,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let expected = try Fixtures.array(name)
    let expectedChannels = expected.shape.count == 3 ? expected.shape[2] : 1
    let shapeMatches = expected.shape.count >= 2 && actual.height == expected.shape[0]
        && actual.width == expected.shape[1] && actual.channels == expectedChannels
    #expect(shapeMatches, "\(name): shape \(actual.height)x\(actual.width)x\(actual.channels), expected \(expected.shape)",
            sourceLocation: sourceLocation)
    let expectedFormat: PixelFormat = expected.elementType == .uint8 ? .uint8 : .float32
    #expect(actual.format == expectedFormat, "\(name): format \(actual.format), expected \(expectedFormat)",
            sourceLocation: sourceLocation)
    guard shapeMatches, actual.format == expectedFormat else { return }
    expectValues(pixelValues(actual), expected.doubles(), tolerance: tolerance, name: name,
                 sourceLocation: sourceLocation)
}

/// Expects equal-length value lists to agree within `tolerance`, reporting the worst value.
func expectValues(
    _ actual: [Double], _ expected: [Double], tolerance: Tolerance, name: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(name): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    var mismatches = 0
    var worst = (index: 0, difference: 0.0)
    for index in actual.indices where !tolerance.allows(actual[index], expected[index]) {
        mismatches += 1
        let difference = abs(actual[index] - expected[index])
        if difference > worst.difference { worst = (index, difference) }
    }
    let worstPair = "\(actual[worst.index]) vs \(expected[worst.index])"
    #expect(mismatches == 0,
            "\(name): \(mismatches) of \(actual.count) values outside \(tolerance); worst at \(worst.index): \(worstPair)",
            sourceLocation: sourceLocation)
}

func pixelValues(_ image: Image) -> [Double] {
    switch image.format {
    case .uint8: image.pixels(as: UInt8.self).map(Double.init)
    case .float32: image.pixels(as: Float.self).map(Double.init)
    }
}
