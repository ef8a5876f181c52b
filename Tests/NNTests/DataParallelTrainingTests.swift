import Foundation
import NN
import Tensors
import TestSupport
import Testing

/// A two-layer network trained with RMSprop on a fixed batch of 8: the full batch in one
/// process, or one half per rank in a data-parallel group; on the CPU or a GPU.
private struct TinyRegression {
    static let steps = 5
    let first: Parameter
    let second: Parameter
    let inputs: Tensor
    let targets: Tensor
    let optimizer: RMSprop

    init(device: Device = .cpu) throws {
        let generator = try Generator(seed: 42)
        first = Parameter(try Tensor.normal([4, 6], std: 0.5, generator: generator).moved(to: device))
        second = Parameter(try Tensor.normal([6, 2], std: 0.5, generator: generator).moved(to: device))
        inputs = try Tensor.normal([8, 4], generator: generator).moved(to: device)
        targets = try Tensor.normal([8, 2], generator: generator).moved(to: device)
        optimizer = RMSprop([("first", first), ("second", second)], rules: UpdateRules(learningRate: 0.01))
    }

    /// Trains `steps` steps on rows `rows` of the batch, differentiating through the optimizer
    /// (libtorch's reducer in a group) or, with `plainBackward`, through `Tensor.backward()`
    /// (gradients averaged by the optimizer's step); returns the weights, flattened.
    func train(rows: Range<Int>, plainBackward: Bool = false) throws -> [Float] {
        let x = inputs.slice(0, rows.lowerBound, rows.upperBound), t = targets.slice(0, rows.lowerBound, rows.upperBound)
        for _ in 0..<Self.steps {
            let loss = (x.matmul(first.value).tanh().matmul(second.value) - t).square().mean()
            if plainBackward { loss.backward() } else { try optimizer.backward(loss) }
            try optimizer.step()
        }
        return try first.value.moved(to: .cpu).floats() + second.value.moved(to: .cpu).floats()
    }
}

@Suite(.serialized) struct DataParallelTrainingTests {
    /// The worker side, run in a child process by the tests below (skipped otherwise): joins the
    /// group named by RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, trains its half of the batch
    /// (through the reducer, or with MASQUE_TEST_MODE=plain through `Tensor.backward()`; with
    /// MASQUE_TEST_MODE=forever, steps until the group fails; with gloo-cuda both ranks on cuda:0
    /// over Gloo, with nccl each on the GPU of its rank over NCCL) and writes its weights.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MASQUE_TEST_WORKER"] != nil))
    func worker() throws {
        let environment = ProcessInfo.processInfo.environment
        let rank = Int(environment["RANK"]!)!, worldSize = Int(environment["WORLD_SIZE"]!)!
        let output = URL(fileURLWithPath: environment["MASQUE_TEST_OUTPUT"]!)
        let mode = environment["MASQUE_TEST_MODE"]
        ProcessGroup.current = try ProcessGroup(backend: mode == "nccl" ? .nccl : .gloo, rank: rank, worldSize: worldSize,
                                                masterAddress: environment["MASTER_ADDR"]!,
                                                masterPort: Int(environment["MASTER_PORT"]!)!, timeout: 5)
        defer { ProcessGroup.current = nil }
        let model = try TinyRegression(device: mode == "nccl" ? .cuda(rank) : mode == "gloo-cuda" ? .cuda(0) : .cpu)
        let half = 8 / worldSize
        if mode == "forever" {
            try Data("joined".utf8).write(to: output)
            do {
                while true { _ = try model.train(rows: rank * half..<(rank + 1) * half) }
            } catch {
                try Data(((error as? TensorError)?.message ?? "\(error)").utf8).write(to: output)
                throw error
            }
        }
        let weights = try model.train(rows: rank * half..<(rank + 1) * half, plainBackward: mode == "plain")
        try JSONEncoder().encode(weights).write(to: output)
    }

    /// Starts the worker test in a child process of this test bundle as `rank` of 2.
    private func startWorker(rank: Int, port: Int, output: URL, mode: String = "train") throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "DataParallelTrainingTests/worker"]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["MASQUE_TEST_WORKER": "1", "RANK": "\(rank)", "WORLD_SIZE": "2", "MASTER_ADDR": "127.0.0.1",
                           "MASTER_PORT": "\(port)", "MASQUE_TEST_OUTPUT": output.path, "MASQUE_TEST_MODE": mode]) { $1 }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Mode "train" differentiates through libtorch's reducer (averaging during the backward
    /// pass), "plain" through `Tensor.backward()` (averaging in the optimizer's step).
    @Test(arguments: ["train", "plain"])
    func twoWorkersOnHalfBatchesEndWithTheWeightsOfOneProcessOnTheFullBatch(mode: String) throws {
        try expectWorkersMatchOneProcess(mode: mode, tolerance: 1e-5)
    }

    /// The same on GPUs (skipped without): two workers sharing cuda:0 over Gloo, and, with two
    /// GPUs, one worker per GPU over NCCL. The tolerance allows for GPU reduction orders.
    @Test(.enabled(if: Runtime.cudaDeviceCount > 0, "needs a CUDA device"))
    func twoWorkersOnOneGPUOverGlooMatchOneProcess() throws {
        try expectWorkersMatchOneProcess(mode: "gloo-cuda", tolerance: 1e-4)
    }

    @Test(.enabled(if: Runtime.cudaDeviceCount > 1, "needs two CUDA devices"))
    func twoWorkersOnTwoGPUsOverNCCLMatchOneProcess() throws {
        try expectWorkersMatchOneProcess(mode: "nccl", tolerance: 1e-4)
    }

    private func expectWorkersMatchOneProcess(mode: String, tolerance: Float) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = freeLoopbackPort()
        let outputs = (0..<2).map { folder.appendingPathComponent("rank\($0).json") }
        let workers = try (0..<2).map { try startWorker(rank: $0, port: port, output: outputs[$0], mode: mode) }
        let alone = try TinyRegression().train(rows: 0..<8)
        let halfAlone = try TinyRegression().train(rows: 0..<4)
        #expect(zip(halfAlone, alone).map { abs($0 - $1) }.max()! > 1e-3, "a half batch alone must train differently")
        for worker in workers { worker.waitUntilExit() }
        for output in outputs {
            let weights = try JSONDecoder().decode([Float].self, from: Data(contentsOf: output))
            #expect(weights.count == alone.count)
            let largest = zip(weights, alone).map { abs($0 - $1) }.max() ?? .infinity
            #expect(largest < tolerance, "\(output.lastPathComponent) differs by \(largest)")
        }
    }

    @Test func aParameterUnusedOnOneRankGetsTheMeanOfTheOthersGradients() throws {
        let failures = runAsTwoRanks { group in
            let used = Parameter(Tensor([1, 2], shape: [2])), sometimes = Parameter(Tensor([3], shape: [1]))
            let reducer = try GradientReducer(group: group, parameters: [used.value, sometimes.value])
            for step in 0..<3 {
                // Rank 0 always uses both; rank 1 leaves `sometimes` out of its loss.
                let rank = Double(group.rank + 1)
                var loss = (used.value * rank).sum()
                if group.rank == 0 { loss = loss + sometimes.value * 4 }
                try reducer.backward(loss.sum())
                #expect(used.value.grad?.floats() == [1.5, 1.5], "step \(step), rank \(group.rank)")
                #expect(sometimes.value.grad?.floats() == [2], "step \(step), rank \(group.rank)")
                used.value.zeroGrad()
                sometimes.value.zeroGrad()
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func broadcastingAModelGivesEveryRankRankZerosWeightsAndOptimizerState() throws {
        let failures = runAsTwoRanks { group in
            let layer = Dense(3, 2, generator: try Generator(seed: 1 + UInt64(group.rank)))
            let optimizer = RMSprop(layer.namedParameters(), rules: UpdateRules(learningRate: 0.1))
            for _ in 0...group.rank {
                layer(Tensor.ones([1, 3])).sum().backward()
                try optimizer.step()
            }
            let weights = layer.parameters().flatMap { $0.value.floats() }, state = optimizer.slot("acc", 0).floats()
            let before = Tensor(weights + state, shape: [weights.count + state.count])
            try group.broadcast(modules: [layer], optimizers: [optimizer])
            let after = layer.parameters().flatMap { $0.value.floats() } + optimizer.slot("acc", 0).floats()
            try group.broadcast([before])
            #expect(after == before.floats(), "rank \(group.rank) holds rank 0's weights and state")
            #expect(optimizer.iterations == 1)
            #expect(layer.weight.value.requiresGrad)
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func killingOneWorkerStopsTheOtherWithinTheTimeout() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = freeLoopbackPort()
        let outputs = (0..<2).map { folder.appendingPathComponent("rank\($0).txt") }
        let workers = try (0..<2).map { try startWorker(rank: $0, port: port, output: outputs[$0], mode: "forever") }
        let deadline = Date().addingTimeInterval(60)
        while !outputs.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) && Date() < deadline { usleep(50_000) }
        usleep(300_000)
        kill(workers[1].processIdentifier, SIGKILL)
        let killed = Date()
        workers[0].waitUntilExit()
        workers[1].waitUntilExit()
        let seconds = Date().timeIntervalSince(killed)
        let message = try String(contentsOf: outputs[0], encoding: .utf8)
        #expect(workers[0].terminationStatus != 0)
        #expect(seconds < 15, "rank 0 stopped \(seconds) s after rank 1 was killed")
        #expect(message.hasPrefix("rank 0 of 2:"), "\(message)")
        #expect(!message.contains("\n"), "\(message)")
    }
}
