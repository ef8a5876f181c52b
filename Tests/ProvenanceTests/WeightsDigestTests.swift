import Foundation
import Support
import Testing
import TestSupport
@testable import Provenance

@Suite struct WeightsDigestTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory("masque-weights")
        try FileManager.default.createDirectory(at: folder.file("model/sub"), withIntermediateDirectories: true)
        try Data("encoder weights".utf8).write(to: folder.file("model/b_encoder.npy"))
        try Data("decoder".utf8).write(to: folder.file("model/a_decoder.npy"))
        try Data([0, 1, 2, 255]).write(to: folder.file("model/sub/inter.npy"))
        try Data("ignored".utf8).write(to: folder.file("model/.masque-tmp.1.x.b_encoder.npy"))
    }

    /// Computed outside Swift:
    /// `h = hashlib.sha256(); for name, data in sorted(files): h.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)`.
    static let expectedFolderDigest = "a4fb842e4422f0e901988bb4f54a5b83b9e6be3be7f934ebea1f1df78e9ac2c4"
    static let expectedFlatDigest = "f8a12d166b0e7ec6a88c50e564f5fac40198f7613fae8eaf2cd26403f444a2d8"

    @Test func folderDigestFollowsTheDocumentedRecipe() throws {
        #expect(try WeightsDigest.sha256(ofFolder: folder.file("model")) == Self.expectedFolderDigest)
    }

    @Test func fileDigestIgnoresTheOrderFilesAreGivenIn() throws {
        let files = [folder.file("model/b_encoder.npy"), folder.file("model/a_decoder.npy")]
        #expect(try WeightsDigest.sha256(ofFiles: files) == Self.expectedFlatDigest)
        #expect(try WeightsDigest.sha256(ofFiles: files.reversed()) == Self.expectedFlatDigest)
    }

    @Test func aChangedByteOrNameChangesTheDigest() throws {
        let before = try WeightsDigest.sha256(ofFolder: folder.file("model"))
        try Data([0, 1, 2, 254]).write(to: folder.file("model/sub/inter.npy"))
        let changed = try WeightsDigest.sha256(ofFolder: folder.file("model"))
        try FileManager.default.moveItem(at: folder.file("model/sub/inter.npy"), to: folder.file("model/sub/inter2.npy"))
        let renamed = try WeightsDigest.sha256(ofFolder: folder.file("model"))
        #expect(Set([before, changed, renamed]).count == 3)
    }

    @Test func ambiguousOrMissingFilesAreRefused() throws {
        try FileManager.default.createDirectory(at: folder.file("other"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.file("other/a_decoder.npy"))
        #expect(throws: ProvenanceError.duplicateWeightFileName(name: "a_decoder.npy")) {
            try WeightsDigest.sha256(ofFiles: [folder.file("model/a_decoder.npy"), folder.file("other/a_decoder.npy")])
        }
        #expect(throws: FileError.missingInput(path: folder.file("model/none.npy").path)) {
            try WeightsDigest.sha256(ofFiles: [folder.file("model/none.npy")])
        }
    }
}
