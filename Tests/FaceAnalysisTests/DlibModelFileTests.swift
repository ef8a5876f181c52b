import FaceAnalysis
import Foundation
import Inference
import Testing
import TestSupport

/// Damaged and wrong dlib model files give one clear line naming the file, never a crash or a hang.
@Suite struct DlibModelFileTests {
    /// A copy of the first `length` bytes of `source` (or all of it, changed by `edit`) in `folder`.
    static func copy(of source: URL, length: Int? = nil, in folder: TemporaryDirectory, named name: String,
                     edit: (inout Data) -> Void = { _ in }) throws -> URL {
        var data = try Data(contentsOf: source)
        if let length { data = data.prefix(length) }
        edit(&data)
        let url = folder.file(name)
        try data.write(to: url)
        return url
    }

    static func expectOneLineError(naming url: URL, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("\(url.lastPathComponent) was read without an error")
        } catch let error as DlibFormatError {
            #expect(error.message.contains(url.path), "\(error.message)")
            #expect(!error.message.contains("\n"), "\(error.message)")
        } catch {
            Issue.record("unexpected error type for \(url.lastPathComponent): \(error)")
        }
    }

    @Test func truncatedShapePredictorsAreRefused() throws {
        let source = try DlibFixtures.modelFile(ModelCatalog.dlibLandmarks5)
        let size = try Data(contentsOf: source).count
        let folder = try TemporaryDirectory("masque-dlib-files")
        for length in [0, 1, 5, 100, 10_000, size / 2, size - 1] {
            let url = try Self.copy(of: source, length: length, in: folder, named: "sp5-\(length).dat")
            Self.expectOneLineError(naming: url) { _ = try DlibShapePredictor(contentsOf: url) }
        }
    }

    @Test func truncatedNetworksAreRefused() throws {
        let source = try DlibFixtures.modelFile(ModelCatalog.dlibFaceEmbedding)
        let size = try Data(contentsOf: source).count
        let folder = try TemporaryDirectory("masque-dlib-files")
        for length in [0, 3, 40, 5_000, size / 2, size - 1] {
            let url = try Self.copy(of: source, length: length, in: folder, named: "resnet-\(length).dat")
            Self.expectOneLineError(naming: url) { _ = try FaceEmbedder(contentsOf: url) }
        }
    }

    @Test func aModelOfTheOtherKindIsRefused() throws {
        let predictorFile = try DlibFixtures.modelFile(ModelCatalog.dlibLandmarks5)
        let networkFile = try DlibFixtures.modelFile(ModelCatalog.dlibFaceEmbedding)
        Self.expectOneLineError(naming: networkFile) { _ = try DlibShapePredictor(contentsOf: networkFile) }
        Self.expectOneLineError(naming: predictorFile) { _ = try FaceEmbedder(contentsOf: predictorFile) }
    }

    @Test func aMissingFileIsNamed() throws {
        let folder = try TemporaryDirectory("masque-dlib-files")
        let missing = folder.file("absent.dat")
        Self.expectOneLineError(naming: missing) { _ = try DlibShapePredictor(contentsOf: missing) }
        Self.expectOneLineError(naming: missing) { _ = try FaceEmbedder(contentsOf: missing) }
    }
}
