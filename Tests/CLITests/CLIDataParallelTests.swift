import Foundation
import Tensors
import Testing
import TestSupport

@Suite(.serialized) struct CLIDataParallelTests {
    @Test func aWorkerWhoseMasterCannotBeReachedStopsWithinTheTimeoutInOneLine() throws {
        let folder = try TemporaryDirectory("masque-cli-dist")
        let port = freeLoopbackPort()
        let start = Date()
        let result = try MasqueBinary.run(
            ["train", "quick96", "--workspace", folder.url.path, "--no-prompt", "--distributed-timeout", "2"],
            environment: ["RANK": "1", "WORLD_SIZE": "2", "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "\(port)"])
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1, "\(result.errorLines)")
        #expect(result.errorLines.first?.hasPrefix("masque: error: rank 1 of 2 cannot join the gloo group at 127.0.0.1:\(port)") == true,
                "\(result.errorLines)")
        #expect(seconds < 15, "took \(seconds) s")
    }

    /// GPUs the machine does not have, and NCCL for CPU workers, are refused in one line before
    /// any worker starts.
    @Test(.enabled(if: Runtime.cudaDeviceCount == 0, "this machine has a CUDA GPU"))
    func missingGPUsAndNCCLForCPUWorkersAreRefusedInOneLine() throws {
        let folder = try TemporaryDirectory("masque-cli-dist")
        let train = ["train", "quick96", "--workspace", folder.url.path, "--no-prompt"]
        let missing = try MasqueBinary.run(train + ["--devices", "cuda:0,cuda:1"])
        #expect(missing.status == 1 && missing.errorLines == [
            "masque: error: --devices cuda:0,cuda:1 names cuda:0, which this machine does not have (0 CUDA devices found; name cpu workers, or install libtorch's CUDA libraries with scripts/bootstrap --cuda)"],
                "\(missing.errorLines)")
        let nccl = try MasqueBinary.run(train + ["--devices", "cpu,cpu", "--backend", "nccl"])
        #expect(nccl.status == 1 && nccl.errorLines == ["masque: error: --backend nccl carries CUDA tensors only: CPU workers use gloo"],
                "\(nccl.errorLines)")
        let worker = try MasqueBinary.run(train + ["--backend", "nccl", "--distributed-timeout", "5"],
                                          environment: ["RANK": "0", "WORLD_SIZE": "2", "MASTER_PORT": "\(freeLoopbackPort())"])
        #expect(worker.status == 1 && worker.errorLines == ["masque: error: --backend nccl carries CUDA tensors only: CPU workers use gloo"],
                "\(worker.errorLines)")
        #expect(try folder.contents().isEmpty, "nothing was made")
    }

    @Test func theLauncherStopsWhenAWorkerFailsAndNamesItsRank() throws {
        let folder = try TemporaryDirectory("masque-cli-dist")
        let result = try MasqueBinary.run(["train", "quick96", "--workspace", folder.url.path, "--no-prompt", "--world-size", "2",
                                           "--master-port", "\(freeLoopbackPort())", "--distributed-timeout", "20"])
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("starting 2 workers (gloo, 127.0.0.1:"), "\(result.standardOutput)")
        #expect(result.errorLines.count == 1, "\(result.errorLines)")
        let line = try #require(result.errorLines.first)
        #expect(line.hasPrefix("masque: error: worker rank "), "\(line)")
        #expect(line.contains(" of 2 failed: ") && line.contains("data_src/aligned"), "\(line)")
    }

    /// A batch that does not split evenly is reported with DFL's rounding rule, and each worker
    /// counts its own share of the batch against the memory available.
    @Test func anUnevenBatchIsReportedAndEachWorkerEstimatesItsShare() throws {
        let folder = try TemporaryDirectory("masque-cli-dist-uneven")
        let options = CLITrainTests.tiny.replacingOccurrences(of: #""batch_size": 2"#, with: #""batch_size": 3"#)
        let launcher = try CLITrainTests.arguments(folder, options: options)
            + ["--world-size", "2", "--master-port", "\(freeLoopbackPort())", "--distributed-timeout", "30"]
        let refused = try MasqueBinary.run(launcher + ["--iterations", "1", "--memory-limit-gib", "0.001"])
        #expect(refused.status == 1 && refused.errorLines.count == 1, "\(refused.errorLines)")
        #expect(refused.errorLines.first?.contains(" at batch 3 (2 per worker), but 0.00 GiB is available") == true, "\(refused.errorLines)")
        let trained = try MasqueBinary.run(launcher + ["--iterations", "1"])
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.contains("note: batch_size 3 is split over 2 workers as 2, 1 (DFL would make it 2, 1 per GPU)"),
                "\(trained.standardOutput)")
        #expect(trained.standardOutput.contains(" at batch 2 of "), "\(trained.standardOutput)")
    }

    /// `masque train` as the launcher of two CPU workers on `folder`'s model (CLITrainTests' tiny SAEHD).
    static func launcher(_ folder: TemporaryDirectory, _ extra: [String]) throws -> [String] {
        try CLITrainTests.arguments(folder) + ["--world-size", "2", "--master-port", "\(freeLoopbackPort())", "--distributed-timeout", "30"] + extra
    }

    /// Starts the launcher in the background; its standard output and error go to files in `folder`.
    static func startLauncher(_ folder: TemporaryDirectory, _ extra: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try #require(MasqueBinary.url, "masque is not built") as URL
        process.arguments = try launcher(folder, extra)
        _ = FileManager.default.createFile(atPath: folder.file("out.txt").path, contents: nil)
        _ = FileManager.default.createFile(atPath: folder.file("err.txt").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: folder.file("out.txt"))
        process.standardError = try FileHandle(forWritingTo: folder.file("err.txt"))
        try process.run()
        return process
    }

    /// Waits (at most 180 s) until the model's save reaches `iteration` or the process ends.
    static func waitForSave(_ folder: TemporaryDirectory, iteration: Int, while process: Process) {
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning, Date() < deadline, ((try? CLITrainFaultTests.state(folder).iteration) ?? 0) < iteration {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// The pid of the worker of `rank` that the launcher `launcher` started (read from /proc).
    static func worker(rank: Int, of launcher: pid_t) throws -> pid_t {
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 1, pid_t(fields[1]) == launcher,
                  let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if let index = arguments.firstIndex(of: "--rank"), index + 1 < arguments.count, arguments[index + 1] == "\(rank)" { return pid }
        }
        throw TrainingTestFailure("no worker of rank \(rank) under launcher \(launcher)")
    }

    @Test func twoWorkersTrainThenOneProcessResumesTheirSave() throws {
        let folder = try TemporaryDirectory("masque-cli-dist-resume")
        let together = try MasqueBinary.run(try Self.launcher(folder, ["--iterations", "4", "--save-every", "2"]))
        #expect(together.status == 0, "\(together.standardError)")
        #expect(together.standardOutput.contains("starting 2 workers (gloo, 127.0.0.1:"), "\(together.standardOutput)")
        #expect(together.standardOutput.contains("saved iteration 4 to"), "\(together.standardOutput)")
        #expect(try CLITrainFaultTests.state(folder).iteration == 4)
        let alone = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "2"])
        #expect(alone.status == 0, "\(alone.standardError)")
        #expect(alone.standardOutput.contains("resuming \(folder.file("model/new_SAEHD").path) at iteration 4"), "\(alone.standardOutput)")
        #expect(alone.standardOutput.contains("stopped at iteration 6"), "\(alone.standardOutput)")
        #expect(try CLITrainFaultTests.state(folder).losses.count == 6)
    }

    @Test func killingOneWorkerStopsTheOtherInOneLineNamingItAndTheSaveResumes() throws {
        let folder = try TemporaryDirectory("masque-cli-dist-kill")
        let launcher = try Self.startLauncher(folder, ["--iterations", "100000", "--save-every", "2"])
        Self.waitForSave(folder, iteration: 2, while: launcher)
        #expect(launcher.isRunning, "training stopped before a worker could be killed")
        kill(try Self.worker(rank: 1, of: launcher.processIdentifier), SIGKILL)
        let killed = Date()
        launcher.waitUntilExit()
        let seconds = Date().timeIntervalSince(killed)
        #expect(seconds < 30, "the launcher stopped \(seconds) s after rank 1 was killed (timeout 30 s)")
        #expect(launcher.terminationStatus == 1)
        let errors = try String(contentsOf: folder.file("err.txt"), encoding: .utf8).split(separator: "\n")
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("masque: error: worker rank 1 of 2 was killed by signal 9") == true, "\(errors)")
        let saved = try CLITrainFaultTests.state(folder).iteration
        #expect(saved >= 2 && saved % 2 == 0, "the last save: iteration \(saved)")
        let resumed = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "1"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("at iteration \(saved)"), "\(resumed.standardOutput)")
    }

    @Test func ctrlCOfTheLauncherSavesEveryWorkerAndExitsNonZero() throws {
        let folder = try TemporaryDirectory("masque-cli-dist-interrupt")
        let launcher = try Self.startLauncher(folder, ["--iterations", "100000", "--save-every", "1000", "--preview-every", "1"])
        let preview = CLITrainTests.waitForPreview(folder, while: launcher)
        #expect(launcher.isRunning, "training stopped before it could be interrupted")
        launcher.interrupt()
        launcher.waitUntilExit()
        let output = try String(contentsOf: folder.file("out.txt"), encoding: .utf8)
        let errors = try String(contentsOf: folder.file("err.txt"), encoding: .utf8).split(separator: "\n")
        #expect(launcher.terminationStatus == 130, "\(output)\(errors)")
        #expect(errors == ["masque: error: interrupted; unfinished output was removed, run the command again to redo it"], "\(errors)")
        let stopped = try #require(output.split(separator: "\n").first { $0.hasPrefix("stopped at iteration ") }, "\(output)")
        let iteration = try #require(Int(stopped.dropFirst("stopped at iteration ".count).prefix { $0.isNumber }))
        #expect(stopped.hasSuffix("(interrupted); preview: \(preview.path)"), "\(stopped)")
        #expect(output.contains("saved iteration \(iteration) to"), "\(output)")
        #expect(try CLITrainFaultTests.state(folder).iteration == iteration)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.file("model").path).filter { $0.contains("masque-tmp") }
        #expect(leftovers.isEmpty, "no half-written save: \(leftovers)")
    }

    /// Each optimizer (the generator's and the critics') averages through its own reducer; the
    /// critics' parameters, which the generator's backward pass also reaches, must not confuse them.
    @Test(arguments: ["saehd", "amp"])
    func modelsWithCriticsTrainOnTwoWorkers(model: String) throws {
        let folder = try TemporaryDirectory("masque-cli-dist-critics")
        let critics = model == "saehd" ? #", "gan_power": 0.1, "true_face_power": 0.1}"# : #", "gan_power": 0.1}"#
        let options = CLITrainTests.tiny.replacingOccurrences(of: #", "archi": "df-ud""#, with: model == "saehd" ? #", "archi": "df-ud""# : "")
            .replacingOccurrences(of: "}", with: critics)
        var arguments = try CLITrainTests.arguments(folder, options: options)
        arguments[1] = model
        let run = try MasqueBinary.run(arguments + ["--world-size", "2", "--master-port", "\(freeLoopbackPort())",
                                                    "--distributed-timeout", "30", "--iterations", "2"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("stopped at iteration 2"), "\(run.standardOutput)")
        let state = folder.file("model/new_\(model.uppercased())/state.json")
        #expect(FileManager.default.fileExists(atPath: state.path), "rank 0 saved the model")
    }

    @Test func ranksStartedWithOtherOptionsAreRefusedTogetherInOneLine() throws {
        let first = try TemporaryDirectory("masque-cli-dist-options"), second = try TemporaryDirectory("masque-cli-dist-options")
        var given = [try CLITrainTests.arguments(first) + ["--iterations", "2"],
                         try CLITrainTests.arguments(second, options: CLITrainTests.tiny.replacingOccurrences(of: #""batch_size": 2"#, with: #""batch_size": 4"#))
                             + ["--iterations", "2"]]
        given[1][given[1].firstIndex(of: "--model-dir")! + 1] = first.file("model").path
        let arguments = given
        let port = freeLoopbackPort()
        let results = Results()
        onThreads(2) { rank in
            results.set(rank, Result {
                try MasqueBinary.run(arguments[rank] + ["--distributed-timeout", "60"],
                                     environment: ["RANK": "\(rank)", "WORLD_SIZE": "2", "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "\(port)"])
            })
        }
        let line = "masque: error: rank 1 was started with batch_size 4, rank 0 with 2: start every rank with the same options, model folder and facesets"
        for rank in 0..<2 {
            let result = try #require(results.get(rank)).get()
            #expect(result.status == 1, "rank \(rank): \(result.standardError)")
            #expect(result.errorLines == [line], "rank \(rank): \(result.errorLines)")
        }
        #expect(!FileManager.default.fileExists(atPath: first.file("model/new_SAEHD").path), "nothing was trained or saved")
    }

    /// Ranks on other machines need no copy of the model folder: rank 1, started with the same
    /// command line in another working directory that has the facesets but whose model folder
    /// holds only a damaged state file, trains rank 0's model (an XSeg network of 64 px and 4
    /// channels, a shape only the save tells) and leaves that folder as it was; the temporary
    /// copies are gone afterwards.
    @Test func aRankWithoutACopyOfTheModelFolderTrainsRankZerosModel() throws {
        let machines = try (0..<2).map { try TemporaryDirectory("masque-cli-dist-machine\($0)") }
        var arguments = try CLIXSegTrainTests.workspace(machines[0])
        for (flag, folder) in [("--model-dir", "model"), ("--src", "src"), ("--dst", "dst")] {
            arguments[arguments.firstIndex(of: flag)! + 1] = folder
        }
        for faceset in ["src", "dst"] { try FileManager.default.copyItem(at: machines[0].file(faceset), to: machines[1].file(faceset)) }
        try FileManager.default.createDirectory(at: machines[1].file("model/XSeg"), withIntermediateDirectories: true)
        try Data("damaged".utf8).write(to: machines[1].file("model/XSeg/state.json"))
        let temporary = try TemporaryDirectory("masque-cli-dist-tmp")
        let port = freeLoopbackPort()
        let given = ["train", "xseg"] + arguments + ["--iterations", "2", "--save-every", "2", "--distributed-timeout", "60"]
        let results = Results()
        onThreads(2) { rank in
            results.set(rank, Result {
                try MasqueBinary.run(given, environment: ["RANK": "\(rank)", "WORLD_SIZE": "2", "MASTER_ADDR": "127.0.0.1",
                                                          "MASTER_PORT": "\(port)", "TMPDIR": temporary.url.path],
                                     in: machines[rank].url)
            })
        }
        let outputs = try (0..<2).map { try #require(results.get($0)).get() }
        for (rank, output) in outputs.enumerated() { #expect(output.status == 0, "rank \(rank): \(output.standardError)") }
        #expect(outputs[0].standardOutput.contains("saved iteration 2 to"), "\(outputs[0].standardOutput)")
        #expect(outputs[1].standardOutput.contains("rank 1 of 2: training rank 0's XSeg"), "\(outputs[1].standardOutput)")
        #expect(try CLITrainFaultTests.state(machines[0], model: "XSeg").iteration == 2)
        #expect(try machines[1].contents(of: "model") == ["XSeg"] && machines[1].contents(of: "model/XSeg") == ["state.json"])
        #expect(try String(contentsOf: machines[1].file("model/XSeg/state.json"), encoding: .utf8) == "damaged")
        #expect(try temporary.contents().isEmpty, "the copies of rank 0's model are removed")
    }
}

/// What each rank's run gave, set from its own thread.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<ProcessOutput, any Error>] = [:]
    func set(_ rank: Int, _ result: Result<ProcessOutput, any Error>) { lock.withLock { results[rank] = result } }
    func get(_ rank: Int) -> Result<ProcessOutput, any Error>? { lock.withLock { results[rank] } }
}

/// A test's own failure to find what it looks for.
private struct TrainingTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
