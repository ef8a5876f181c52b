import Foundation
import Testing
import TestSupport

/// `masque train` from the outside: a new model is created from `--options`, saved and previewed,
/// a second run resumes it, and bad options or facesets are one line.
@Suite struct CLITrainTests {
    static let tiny = #"{"resolution": 64, "ae_dims": 32, "e_dims": 16, "d_dims": 16, "d_mask_dims": 16, "batch_size": 2, "archi": "df-ud", "face_type": "wf"}"#

    static func arguments(_ folder: TemporaryDirectory, options: String = tiny) throws -> [String] {
        try Data(options.utf8).write(to: folder.file("options.json"))
        return ["train", "saehd", "--model-dir", folder.file("model").path,
                "--src", ReferenceFixtures.url("faceset/aligned").path, "--dst", ReferenceFixtures.url("faceset_resize/input").path,
                "--options", folder.file("options.json").path, "--no-prompt", "--seed", "5"]
    }

    /// Waits (at most 180 s) until `process` has written the model's preview, or has ended; the preview.
    static func waitForPreview(_ folder: TemporaryDirectory, while process: Process) -> URL {
        let preview = folder.file("model/new_SAEHD_preview.png")
        let deadline = Date().addingTimeInterval(180)
        while !FileManager.default.fileExists(atPath: preview.path), Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        return preview
    }

    @Test func createsSavesPreviewsAndResumes() throws {
        let folder = try TemporaryDirectory("masque-cli-train")
        let first = try MasqueBinary.run(try Self.arguments(folder) + ["--iterations", "2"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("creating \(folder.file("model/new_SAEHD").path)"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("saved iteration 2 to"))
        #expect(first.standardOutput.contains("stopped at iteration 2 (ran the iterations asked for)"))
        #expect(first.standardOutput.contains("skipped 2 files that are not aligned faces"))
        #expect(FileManager.default.fileExists(atPath: folder.file("model/new_SAEHD_preview.png").path))
        let second = try MasqueBinary.run(try Self.arguments(folder) + ["--iterations", "1"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.contains("resuming \(folder.file("model/new_SAEHD").path) at iteration 2"), "\(second.standardOutput)")
        #expect(second.standardOutput.contains("stopped at iteration 3"))
    }

    @Test func anUnknownOptionIsOneLineNamingIt() throws {
        let folder = try TemporaryDirectory("masque-cli-train-bad")
        let result = try MasqueBinary.run(try Self.arguments(folder, options: #"{"ae_dimz": 64}"#) + ["--iterations", "1"])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("unknown option 'ae_dimz'"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("model").path))
    }

    @Test func aMissingFacesetIsOneLineNamingIt() throws {
        let folder = try TemporaryDirectory("masque-cli-train-missing")
        var arguments = try Self.arguments(folder)
        arguments[arguments.firstIndex(of: "--src")! + 1] = folder.file("nowhere").path
        let result = try MasqueBinary.run(arguments + ["--iterations", "1"])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains(folder.file("nowhere").path), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("model/new_SAEHD").path))
    }

    @Test func ctrlCSavesAndStops() throws {
        let folder = try TemporaryDirectory("masque-cli-train-interrupt")
        let masque = try #require(MasqueBinary.url, "masque is not built")
        let process = Process()
        process.executableURL = masque
        process.arguments = try Self.arguments(folder) + ["--iterations", "100000", "--preview-every", "1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let preview = Self.waitForPreview(folder, while: process)
        #expect(process.isRunning, "training stopped before it could be interrupted")
        process.interrupt()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        let stopped = try #require(text.split(separator: "\n").first { $0.hasPrefix("stopped at iteration ") }, "\(text)")
        #expect(stopped.hasSuffix("(interrupted); preview: \(preview.path)"))
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.file("model/new_SAEHD/state.json"))) as? [String: Any]
        #expect(stopped.contains("iteration \(state?["iteration"] as? Int ?? -1) "), "the save holds the iteration it stopped at")
        #expect(try folder.contents(of: "model") == ["new_SAEHD", "new_SAEHD_preview.png"], "no temporary left behind")
    }
}

/// `masque train --estimate` and the memory check from the outside.
@Suite struct CLITrainMemoryTests {
    @Test func estimatePrintsTheSumAndTrainingStaysNearIt() throws {
        let folder = try TemporaryDirectory("masque-cli-estimate")
        let estimate = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--estimate"])
        #expect(estimate.status == 0, "\(estimate.standardError)")
        #expect(estimate.standardOutput.contains("total:") && estimate.standardOutput.contains("the largest batch that fits is"),
                "\(estimate.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("model/new_SAEHD").path), "--estimate trains nothing")

        let run = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "2", "--save-every", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        let line = try #require(run.standardOutput.split(separator: "\n").first { $0.hasPrefix("memory: peak") }, "\(run.standardOutput)")
        let figures = line.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "(")) ) }
        #expect(figures.count == 2, "\(line)")
        if figures.count == 2 {
            let ratio = figures[0] / figures[1]
            #expect(ratio > 0.7 && ratio < 1.4, "peak \(figures[0]) GiB against the estimate \(figures[1]) GiB")
        }
    }

    @Test func aTooSmallLimitIsOneLineWithTheBatchThatFits() throws {
        let folder = try TemporaryDirectory("masque-cli-memory-limit")
        let result = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "1", "--memory-limit-gib", "0.01"])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("needs about"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("model/new_SAEHD").path))
    }
}
