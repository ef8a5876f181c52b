@testable import FaceAnalysis
import Foundation
import Testing
import TestSupport

@Suite struct ModelStoreTests {
    @Test func missingAndDamagedFilesGiveOneLineErrorsWithTheFix() throws {
        let folder = try TemporaryDirectory("masque-models")
        let store = ModelStore(root: folder.url)
        let asset = ModelCatalog.centerFace
        #expect(throws: ModelAssetError("missing model file \(store.location(of: asset).path) (run: masque models fetch centerface)")) {
            try store.file(for: asset)
        }
        try FileManager.default.createDirectory(at: store.location(of: asset).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a model".utf8).write(to: store.location(of: asset))
        do {
            _ = try store.file(for: asset)
            Issue.record("a damaged model was accepted")
        } catch let error as ModelAssetError {
            #expect(error.message.hasPrefix("damaged model file \(store.location(of: asset).path)"))
            #expect(error.message.contains("masque models fetch centerface"))
        }
    }

    @Test func sha256MatchesCoreutils() throws {
        let folder = try TemporaryDirectory("masque-models")
        let file = folder.file("bytes")
        try Data((0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: file)
        let coreutils = try ProcessOutput.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path])
        #expect(try ModelStore.sha256(of: file) == String(coreutils.standardOutput.prefix(64)))
    }

    @Test func catalogPinsEveryAssetWithALicence() {
        #expect(Set(ModelCatalog.all.map(\.id)).count == ModelCatalog.all.count)
        for asset in ModelCatalog.all {
            #expect(asset.sha256.count == 64)
            #expect(!asset.licence.isEmpty)
        }
        #expect(ModelCatalog.dlibLandmarks68.caveat?.contains("non-commercial") == true)
    }
}
