import Foundation
import NN
import Tensors
import Testing
import TestSupport

final class OneConv: Module, @unchecked Sendable {
    let conv1 = Conv2D(3, 4, kernel: 3)
}

struct SavedState: Codable { var iteration: Int }

@Suite struct CLIModelAndDoctorTests {
    @Test func doctorReportsLibrariesAndDevices() throws {
        let result = try MasqueBinary.run(["doctor"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("libtorch: 2.15.0"))
        #expect(result.standardOutput.contains("OpenCV: 4."))
        #expect(result.standardOutput.contains("ffmpeg: ffmpeg version"))
        #expect(result.standardOutput.contains("devices: cpu"))
    }

    @Test func modelsListShowsLicencesAndVerifyFindsADamagedFile() throws {
        let list = try MasqueBinary.run(["models", "list"])
        #expect(list.status == 0, "\(list.standardError)")
        for id in ["centerface", "facemesh", "dlib-68", "dlib-5", "dlib-resnet"] {
            #expect(list.standardOutput.contains("\(id): "), "\(id) is listed")
        }
        #expect(list.standardOutput.contains("licence: MIT") && list.standardOutput.contains("licence: Apache-2.0"))
        #expect(list.standardOutput.contains("non-commercial use only"))

        let folder = try TemporaryDirectory("masque-cli-models")
        let damaged = folder.file("centerface/centerface.onnx")
        try FileManager.default.createDirectory(at: damaged.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 7, count: 1000).write(to: damaged)
        let verify = try MasqueBinary.run(["models", "verify", "centerface"], environment: ["MASQUE_MODELS": folder.url.path])
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("damaged model file \(damaged.path)"), "\(verify.standardOutput)")
        #expect(verify.errorLines == ["masque: error: 1 model(s) missing or damaged: centerface (run: masque models fetch centerface)"])
    }

    @Test func modelInfoReadsACheckpointAndRefusesATruncatedOne() throws {
        let folder = try TemporaryDirectory("masque-cli-model")
        let checkpoint = folder.file("model")
        try Checkpoint.save(model: OneConv(), state: SavedState(iteration: 1234), to: checkpoint)
        let good = try MasqueBinary.run(["model-info", checkpoint.path])
        #expect(good.status == 0, "\(good.standardError)")
        #expect(good.standardOutput.contains("parameters: \(4 * 3 * 9 + 4)"))
        #expect(good.standardOutput.contains("iteration: 1234"))

        let weights = checkpoint.appendingPathComponent(Checkpoint.weightsFile)
        let bytes = try Data(contentsOf: weights)
        try bytes.prefix(bytes.count - 10).write(to: weights)
        let bad = try MasqueBinary.run(["model-info", checkpoint.path])
        #expect(bad.status == 1)
        #expect(bad.errorLines.count == 1)
        #expect(bad.errorLines.first?.contains(weights.path) == true)
        #expect(bad.errorLines.first?.contains("truncated") == true)
    }
}
