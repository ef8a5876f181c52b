import ArgumentParser
import Foundation
import Models
import Support
import Tensors
import Training
import Workspace

/// `masque train saehd|quick96|amp|xseg`: DFL's step 6 (and 5.XSeg train, also `masque xseg train`).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a face-swap model (or an XSeg mask model) on the src and dst facesets (DFL's step 6).",
        discussion: TrainArguments.discussion)

    @Argument(help: "saehd, quick96, amp or xseg.")
    var model: TrainingRequest.ModelKind

    @OptionGroup var arguments: TrainArguments

    func run() throws {
        try CommandFailure.reporting { try arguments.train(model) }
    }
}

/// What every training command takes, and the one way they train: a `TrainingRequest` built
/// from the flags, the questions or `--options`, the progress lines, the closing report.
struct TrainArguments: ParsableArguments {
    static let discussion = """
        A new model asks DFL's questions in DFL's order (Enter keeps the default, ? shows the help), or takes \
        --options FILE.json with DFL's option names; --no-prompt takes the defaults for what is not given. A saved \
        model resumes. Ctrl-C saves and stops; a second Ctrl-C stops at once, keeping the last save.
        """

    @Option(help: "The workspace folder.")
    var workspace: String = "workspace"

    @Option(help: "Folder of the models (default: <workspace>/model).")
    var modelDir: String?

    @Option(help: "The model's name (its files are <name>_SAEHD…; XSeg's is always XSeg); default: the only model of this kind in --model-dir (a Masque save or DFL's files), else 'new'.")
    var modelName: String?

    @Option(help: "The src faceset (default: <workspace>/data_src/aligned).")
    var src: String?

    @Option(help: "The dst faceset (default: <workspace>/data_dst/aligned).")
    var dst: String?

    @Flag(help: "AMP only: train on the src faceset as both src and dst (DFL's '6) train AMP SRC-SRC'), e.g. to prepare a src model for DeepFaceLive.")
    var srcSrc = false

    @Option(help: "JSON file of options by DFL's names, e.g. {\"resolution\": 128, \"archi\": \"liae-ud\"} or, for XSeg, {\"face_type\": \"wf\", \"batch_size\": 8}.")
    var options: String?

    @Flag(help: "Ask nothing: options not given take DFL's defaults (a saved model keeps its own).")
    var noPrompt = false

    @Option(parsing: .unconditional, help: "Stop after this many iterations (saving first); default: until target_iter or Ctrl-C.")
    var iterations: Int?

    @Option(parsing: .unconditional, help: "Iterations between saves.")
    var saveEvery: Int = 500

    @Option(parsing: .unconditional, help: "Iterations between preview images (<model-dir>/<name>_<model>_preview.png; XSeg_preview.png).")
    var previewEvery: Int = 100

    @Option(help: "Seed of a new model's weights and sample draws.")
    var seed: UInt64?

    @Option(help: "The faceset of many people that the model trains on while the option pretrain is on.")
    var pretrainingDataDir: String?

    @Option(help: "Compute device: auto (a CUDA GPU when there is one), cpu, cuda or cuda:N.")
    var device: String = "auto"

    @Flag(help: "Print how much memory training would take (weights, optimizer, activations, sample queues) and exit.")
    var estimate = false

    @Option(parsing: .unconditional, help: "Refuse to train when the memory estimate exceeds this many GiB (default: the memory available).")
    var memoryLimitGib: Double?

    @Option(help: "Train data-parallel, one worker process per device on this machine, e.g. cpu,cpu or cuda:0,cuda:1 (batch_size is the global batch, split over them).")
    var devices: String?

    @Option(help: "The c10d backend of a data-parallel run: nccl (the default for GPU workers) or gloo (the default for CPU workers; also carries CUDA tensors, through the host).")
    var backend: ProcessGroup.Backend?

    @Option(parsing: .unconditional, help: "Number of data-parallel workers: with --rank (or RANK) this process is one of them, without it starts them all as CPU workers.")
    var worldSize: Int?

    @Option(parsing: .unconditional, help: "This worker's rank, 0 to world size - 1 (default: RANK).")
    var rank: Int?

    @Option(help: "Address of rank 0, which hosts the rendezvous (default: MASTER_ADDR, else 127.0.0.1).")
    var masterAddr: String?

    @Option(parsing: .unconditional, help: "Port of the rendezvous on rank 0 (default: MASTER_PORT, else 29500).")
    var masterPort: Int?

    @Option(parsing: .unconditional, help: "Seconds a worker waits for the others (joining, and at each step) before it stops.")
    var distributedTimeout: Double = 300

    /// Set by the launcher on the workers it starts: the worker takes its own process group and,
    /// unless OMP_NUM_THREADS says otherwise, its share of the cores (as torchrun does).
    @Flag(help: .hidden)
    var launchedWorker = false

    /// Trains a model of `kind` as the flags say: alone, as one data-parallel worker, or by
    /// starting the workers.
    func train(_ kind: TrainingRequest.ModelKind) throws {
        let local = try devices.map { try WorkerDevices(parsing: $0, backend: backend) }
        if let local, let worldSize, worldSize != local.devices.count {
            throw ValidationError("--devices names \(local.devices.count) devices but --world-size is \(worldSize)")
        }
        let worldSize = local?.devices.count ?? self.worldSize
        let environment = ProcessInfo.processInfo.environment
        let worker = try WorkerEnvironment.read(environment, rank: rank, worldSize: worldSize, masterAddress: masterAddr,
                                                masterPort: masterPort)
        if worker == nil, let worldSize, worldSize > 1 {
            return try launchWorkers(local ?? WorkerDevices(cpuWorkers: worldSize, backend: backend))
        }
        if launchedWorker {
            setpgid(0, 0)
            if environment["OMP_NUM_THREADS"] == nil, let worker {
                Runtime.threadCount = max(1, ProcessInfo.processInfo.activeProcessorCount / worker.worldSize)
            }
        }
        if let worker, worker.worldSize > 1 {
            let (device, backend) = try WorkerDevices.worker(device: device, backend: backend, localRank: worker.localRank)
            let group = try ProcessGroup(backend: backend, rank: worker.rank, worldSize: worker.worldSize,
                                         masterAddress: worker.masterAddress, masterPort: worker.masterPort, timeout: distributedTimeout)
            ProcessGroup.current = group
            let chosen = Tensor.full([1], Double(seed ?? UInt64.random(in: 0...UInt64(UInt32.max))), dtype: .float64)
            do {
                try group.broadcast([chosen], from: 0)
                return try trainAlone(kind, seed: UInt64(chosen.item()), prompt: false, device: device,
                                      processesSharingMemory: launchedWorker ? worker.worldSize : worker.localWorldSize)
            } catch {
                CommandFailure.leave(after: error)
            }
        }
        try trainAlone(kind, seed: seed, prompt: !noPrompt, device: try Device(parsing: device))
    }

    /// Starts a worker of this command on this machine for each of `workers`' devices and waits for
    /// them; they share one seed (given or picked here), rendezvous on 127.0.0.1 unless told
    /// otherwise, and each takes its own process group (`--launched-worker`), so a Ctrl-C reaches
    /// them through the launcher.
    private func launchWorkers(_ workers: WorkerDevices) throws {
        let worldSize = workers.devices.count
        let shared = seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let address = masterAddr ?? "127.0.0.1", port = masterPort ?? WorkerEnvironment.defaultPort
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let given = Array(CommandLine.arguments.dropFirst())
        Train.emit("starting \(worldSize) workers (\(workers.backend), \(address):\(port), seed \(shared); on \(workers.devices.map(\.description).joined(separator: ", ")))\n")
        try WorkerLaunch.run(executable: executable, worldSize: worldSize) { rank in
            given + ["--rank", "\(rank)", "--world-size", "\(worldSize)", "--master-addr", address, "--master-port", "\(port)",
                     "--seed", "\(shared)", "--no-prompt", "--device", "\(workers.devices[rank])", "--backend", "\(workers.backend)",
                     "--launched-worker"]
        }
    }

    /// Trains in this process (alone, or as one worker of `ProcessGroup.current`).
    private func trainAlone(_ kind: TrainingRequest.ModelKind, seed: UInt64?, prompt: Bool, device: Device,
                            processesSharingMemory: Int = 1) throws {
        let layout = WorkspaceLayout(root: URL(fileURLWithPath: workspace))
        if srcSrc {
            guard kind == .amp else { throw ValidationError("--src-src is for AMP (DFL trains only AMP on src as both src and dst): use masque train amp") }
            guard dst == nil else { throw ValidationError("--src-src trains on --src as dst too: leave --dst out") }
        }
        let source = src.map { URL(fileURLWithPath: $0) } ?? layout.sourceAligned
        var request = TrainingRequest(
            kind: kind, modelFolder: modelDir.map { URL(fileURLWithPath: $0) } ?? layout.model, source: source,
            destination: srcSrc ? source : dst.map { URL(fileURLWithPath: $0) } ?? layout.destinationAligned)
        request.modelName = try chosenModelName(kind, in: request.modelFolder)
        request.seed = seed
        request.device = device
        request.processesSharingMemory = processesSharingMemory
        request.pretrainingFolder = pretrainingDataDir.map { URL(fileURLWithPath: $0) }
        if let memoryLimitGib {
            guard memoryLimitGib > 0 else { throw ValidationError("--memory-limit-gib must be more than 0") }
            request.memoryLimit = Int(memoryLimitGib * 1_073_741_824)
        }
        request.settings = Trainer.Settings(iterations: iterations, saveEvery: saveEvery, previewEvery: previewEvery)
        if let options {
            let url = URL(fileURLWithPath: options)
            try PathKind.requireFile(url)
            request.options = try ModelOptions.read(json: Data(contentsOf: url), source: url.path, descriptors: kind.descriptors).values
        }
        let helperRank = ProcessGroup.current.flatMap { $0.rank > 0 ? $0 : nil }
        let saved = helperRank == nil ? try request.savedState() : nil
        if prompt, isatty(STDIN_FILENO) != 0, !kind.descriptors.isEmpty {
            request.options.merge(try OptionPrompt.ask(kind.descriptors, given: request.options, stored: try request.storedOptions())) { $1 }
        }
        if estimate {
            print(try request.estimate().summary)
            return
        }
        let start: String
        if let helperRank {
            start = "rank \(helperRank.rank) of \(helperRank.worldSize): training rank 0's \(request.saveFolder.lastPathComponent)"
        } else if let saved {
            start = "resuming \(request.saveFolder.path) at iteration \(saved.iteration)"
        } else if let imported = request.dflModel() {
            start = "importing DFL's model \(imported.name) from \(imported.folder.path)"
        } else {
            start = "creating \(request.saveFolder.path)"
        }
        Train.emit(start)
        Train.emit("\n")
        let clock = Date()
        let report = try request.run(notes: { for note in $0 { Train.emit("note: \(note)\n") } }) { event in
            switch event {
            case .step(let iteration, let milliseconds, let losses):
                let elapsed = Int(Date().timeIntervalSince(clock))
                let line = String(format: "[%02d:%02d:%02d][#%06d][%04dms]", elapsed / 3600, elapsed / 60 % 60, elapsed % 60,
                                  iteration, Int(milliseconds)) + losses.map { String(format: "[%.4f]", $0) }.joined()
                if isatty(STDOUT_FILENO) != 0 { Train.emit("\r" + line) } else if iteration % 10 == 0 { Train.emit(line + "\n") }
            case .saved(let iteration, let folder):
                Train.emit((isatty(STDOUT_FILENO) != 0 ? "\n" : "") + "saved iteration \(iteration) to \(folder.path)\n")
            case .preview:
                break
            case .backedUp(let backup):
                Train.emit((isatty(STDOUT_FILENO) != 0 ? "\n" : "") + "autobackup: \(backup.path)\n")
            case .rolledBack(let at, let to, let reason, let change):
                Train.emit((isatty(STDOUT_FILENO) != 0 ? "\n" : "") + "\(reason) at iteration \(at): rolled back to the save of iteration \(to)"
                          + (change.map { ", \($0)" } ?? "") + "\n")
            }
        }
        if !report.skipped.isEmpty {
            Train.emit("skipped \(report.skipped.count) files that are not aligned faces, e.g. \(report.skipped[0])\n")
        }
        let why = switch report.stop {
        case .reachedTarget: "reached target_iter"
        case .ranIterations: "ran the iterations asked for"
        case .reachedTimeLimit: "reached the time limit"
        case .interrupted: "interrupted"
        }
        if request.device == .cpu, let peak = MemoryEstimate.peakResidentMemory() {
            Train.emit("memory: peak \(MemoryEstimate.gibibytes(peak)) (estimated \(MemoryEstimate.gibibytes(report.memory.totalBytes)))\n")
        }
        Train.emit("stopped at iteration \(report.state.iteration) (\(why)); preview: \(request.previewFile.path)\n")
    }
}

extension TrainArguments {
    /// The model's name: `--model-name`, else the only model of this kind in `folder`. Data-parallel,
    /// rank 0 picks it and the other ranks take rank 0's unless given their own (which the start
    /// check then compares), so they need not read their model folder.
    private func chosenModelName(_ kind: TrainingRequest.ModelKind, in folder: URL) throws -> String {
        guard let group = ProcessGroup.current, group.worldSize > 1 else {
            return try SavedModel.choose(in: folder, kind: kind, name: modelName, mustExist: false)
        }
        let rankZeros = try group.onRankZero { try SavedModel.choose(in: folder, kind: kind, name: modelName, mustExist: false) }
        return group.rank == 0 ? rankZeros : modelName ?? rankZeros
    }
}

extension Train {
    /// Writes to standard output at once (progress lines interleave with the trainer's saves).
    static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension TrainingRequest.ModelKind: ExpressibleByArgument {}
