import DFLFormats
import FaceGeometry
import Foundation
import NN
import Support
import Tensors
import Training

/// One `masque train` run as a front end asks for it (DFL's step 6): which model, where it is
/// saved, the two facesets, the options given (JSON or answered questions), and how long to
/// train. A new model is created with the given options over DFL's defaults; an existing one
/// resumes with its stored options, of which only those DFL lets change may be given again.
public struct TrainingRequest: Sendable {
    /// The kinds of model a model folder holds and `masque train` trains: the swap models and
    /// XSeg (also `masque xseg train`).
    public enum ModelKind: String, Sendable, CaseIterable {
        case saehd, quick96, amp, xseg

        /// DFL's class name, used in file names.
        public var className: String {
            switch self {
            case .saehd: "SAEHD"
            case .quick96: "Quick96"
            case .amp: AMPModel.className
            case .xseg: DFLTrainedModel.xsegClass
            }
        }
        /// The options a user sets (Quick96 has none).
        public var descriptors: [OptionDescriptor] {
            switch self {
            case .saehd: SAEHDOptions.descriptors
            case .quick96: []
            case .amp: AMPOptions.descriptors
            case .xseg: XSegOptions.descriptors
            }
        }
        /// Whether the kind swaps faces (SAEHD, Quick96, AMP), as opposed to XSeg.
        public var swapsFaces: Bool { self != .xseg }
    }

    public var kind: ModelKind
    /// The folder holding the models (DFL's `workspace/model`).
    public var modelFolder: URL
    /// The model's name (DFL's `<name>_SAEHD_…` prefix; XSeg's is always `XSeg`).
    public var modelName = "new"
    /// The src and dst facesets (aligned folders or folders with a `faceset.pak`).
    public var source: URL
    public var destination: URL
    /// Options given by DFL's names (checked against the model's descriptors).
    public var options: [String: OptionValue] = [:]
    /// Saves, previews and when to stop (`targetIteration` comes from `target_iter`).
    public var settings = Trainer.Settings()
    /// The seed of a new model's sample draws and weights; nil picks one.
    public var seed: UInt64?
    /// The faceset of many people both sides train on while `pretrain` is on (DFL's
    /// `--pretraining-data-dir`).
    public var pretrainingFolder: URL?
    /// The most memory training may take, in bytes (nil: what the system has available); the
    /// smaller of the two counts.
    public var memoryLimit: Int?
    /// How many training processes on this machine share its CPU memory (data-parallel CPU
    /// workers on one machine): each counts its part of what is available.
    public var processesSharingMemory = 1
    /// Where training computes: the CPU or a CUDA GPU (`--device`). On a GPU the optimizer state
    /// stays there unless `models_opt_on_gpu` is off (Quick96: when the GPU has 4 GiB or more, as DFL decides).
    public var device: Device = .cpu
    /// Data-parallel, on a rank other than 0: the copy of rank 0's starting model it received,
    /// which it resumes from instead of its own model folder (`prepare`).
    private var receivedSave: URL?

    public init(kind: ModelKind, modelFolder: URL, source: URL, destination: URL) {
        self.kind = kind
        self.modelFolder = modelFolder
        self.source = source
        self.destination = destination
    }

    /// DFL's files of this model in the model folder (named whether they exist or not).
    var dflFiles: DFLTrainedModel { DFLTrainedModel(folder: modelFolder, name: modelName, modelClass: kind.className) }
    /// The model's save folder, `<model folder>/<name>_<Class>` (XSeg: `XSeg`).
    public var saveFolder: URL { modelFolder.appendingPathComponent(dflFiles.prefix) }
    /// Where the model resumes from: its save folder, or on a data-parallel rank other than 0 the
    /// copy of rank 0's model it received.
    var resumeFolder: URL { receivedSave ?? saveFolder }
    /// The preview PNG beside it.
    public var previewFile: URL { modelFolder.appendingPathComponent("\(dflFiles.prefix)_preview.png") }
    /// What training writes: the save folder and the preview.
    public var outputs: [URL] { [saveFolder, previewFile] }

    /// The saved state of the model, nil when it does not exist yet.
    public func savedState() throws -> TrainingState? {
        let file = resumeFolder.appendingPathComponent(Checkpoint.stateFile)
        guard PathKind.of(file) == .file else { return nil }
        do {
            return try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: file))
        } catch {
            throw TrainingError("\(file.path) cannot be read as a model's state (\(FileError.reason(error))); restore the model folder from a backup or train a new model")
        }
    }

    /// DFL's files of a model of this name and kind in the model folder, when there is no
    /// Masque save of it: training imports them (the DFL files stay as they are).
    /// For XSeg, DFL's weights alone (`XSeg_256.npy`, as in DFL's generic model folder) count too.
    public func dflModel() -> DFLTrainedModel? {
        let model = dflFiles
        if kind == .xseg { return XSegDFLFiles.resolutions(in: modelFolder).isEmpty && PathKind.of(model.dataFile) != .file ? nil : model }
        return PathKind.of(model.dataFile) == .file ? model : nil
    }

    /// The options the model has now: its save's, else its DFL data file's, nil for a new model.
    public func storedOptions() throws -> [String: OptionValue]? {
        if let saved = try savedState() { return saved.options }
        guard let model = dflModel(), PathKind.of(model.dataFile) == .file else { return nil }
        return try DFLModelData.read(model.dataFile).options
    }

    /// What `run` reports besides the trainer's events.
    public struct Report: Sendable {
        public var stop: Trainer.Stop
        public var state: TrainingState
        /// What option values were changed and why (clamped, rounded).
        public var notes: [String]
        /// Faceset files skipped (not aligned faces), src and dst.
        public var skipped: [String]
        /// Seconds the steps waited for samples.
        public var secondsWaitingForSamples: Double
        /// The memory estimate made before the first step.
        public var memory: MemoryEstimate
    }

    /// A model ready to train: created, resumed or imported, with its state and what was changed.
    struct Prepared {
        var model: any TrainableModel
        var state: TrainingState
        var notes: [String]
    }

    /// Creates the model, or loads its save, or imports DFL's files of it; applies DFL's
    /// pretraining switch-off; places it on the device. Reads no faceset. Data-parallel
    /// (`ProcessGroup.current`), rank 0 alone does this from its model folder and sends the model
    /// it starts from to the others as a save (`FolderBroadcast`, through a temporary folder on
    /// each side), which they resume from: no other rank reads the model folder, so workers on
    /// other machines need no copy of it, and a restart resumes from rank 0's last save.
    func prepare() throws -> Prepared {
        guard let group = ProcessGroup.current, group.worldSize > 1 else { return try prepareHere() }
        let transfer = TemporaryName.beside(FileManager.default.temporaryDirectory.appendingPathComponent(saveFolder.lastPathComponent))
        defer { try? FileManager.default.removeItem(at: transfer) }
        var rankZeros: Prepared?
        _ = try group.onRankZero {
            let prepared = try prepareHere()
            try prepared.model.save(to: transfer, state: prepared.state)
            rankZeros = prepared
            return ""
        }
        try FolderBroadcast.share(transfer, over: group)
        if let rankZeros { return rankZeros }
        var resumed = self
        resumed.receivedSave = transfer
        return try resumed.prepareHere()
    }

    /// `prepare` in this process, from `resumeFolder` or DFL's files or afresh.
    private func prepareHere() throws -> Prepared {
        let prepared = switch kind {
        case .xseg: try prepareXSeg()
        case .amp: try prepareAMP()
        case .saehd, .quick96: try prepareSwapModel()
        }
        try prepared.model.place(on: device, optimizerOnDevice: optimizerOnDevice(prepared.model))
        return prepared
    }

    /// `prepare` for SAEHD and Quick96.
    private func prepareSwapModel() throws -> Prepared {
        let saved = try savedState()
        let imported = saved == nil ? dflModel() : nil
        let importedData = try imported.map { try DFLModelData.read($0.dataFile) }
        let stored = saved?.options ?? importedData?.options
        let seed = saved?.seed ?? self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let model: SAEHDModel
        var changes: [String] = []
        switch kind {
        case .saehd:
            let (values, resolved) = try SAEHDOptions.resolve(given: options, stored: stored, hasGPU: device != .cpu)
            changes = resolved
            model = try SAEHDModel(options: values, generator: try Generator(seed: seed))
        case .quick96:
            if let unknown = options.keys.sorted().first {
                throw OptionError("Quick96 has no options to set ('\(unknown)' given): train it without --options")
            }
            model = Quick96.model(generator: try Generator(seed: seed))
        case .xseg, .amp:
            preconditionFailure("XSeg and AMP are prepared by prepareXSeg and prepareAMP")
        }
        var state = TrainingState(kind: model.kind, options: model.options, seed: seed)
        if saved != nil {
            let loaded = try model.load(from: resumeFolder)
            state = TrainingState(kind: loaded.kind, iteration: loaded.iteration, options: model.options,
                                  lossHistory: loaded.lossHistory, seed: loaded.seed)
        } else if let imported, let importedData {
            try SAEHDDFLFiles.loadWeights(imported, into: model.network, step: model.step)
            state.iteration = importedData.iteration
            state.lossHistory = importedData.lossHistory.map { $0.map(Float.init) }
            changes.append("imported DFL's \(imported.dataFile.lastPathComponent) at iteration \(importedData.iteration); it trains on as \(saveFolder.path) (DFL's files are left as they are; masque model export-dfl writes them back)")
        }
        if stored?["pretrain"] == .bool(true), model.options["pretrain"] != .bool(true) {
            model.network.reinitialize(model.network.interNames, generator: try Generator(seed: seed ^ UInt64(state.iteration)))
            changes.append("pretraining turned off: iteration and loss history start again from 0 and \(model.network.interNames.sorted().joined(separator: " and ")) are drawn afresh, as DFL does")
            state.iteration = 0
            state.lossHistory = []
        }
        return Prepared(model: model, state: state, notes: changes)
    }

    /// Whether `model`'s optimizer state goes on the GPU: SAEHD's `models_opt_on_gpu`; Quick96's
    /// fixed rule, a GPU of 4 GiB or more; XSeg's, always (DFL keeps it with the model).
    private func optimizerOnDevice(_ model: any TrainableModel) -> Bool {
        guard case .cuda(let index) = device else { return true }
        if kind == .quick96 { return (Runtime.cudaMemory(device: index)?.total ?? 0) >= 4 << 30 }
        return model.options["models_opt_on_gpu"] != .bool(false)
    }

    /// The memory training this model takes (`masque train … --estimate`), without training.
    public func estimate() throws -> MemoryEstimate {
        measure(try prepare().model)
    }

    private func measure(_ model: any TrainableModel) -> MemoryEstimate {
        var estimate = MemoryEstimate.measure(model)
        if model.device == .cpu, let available = estimate.availableBytes { estimate.availableBytes = available / max(1, processesSharingMemory) }
        if let memoryLimit { estimate.availableBytes = min(estimate.availableBytes ?? memoryLimit, memoryLimit) }
        return estimate
    }

    /// Loads or creates the model, checks that training fits in memory, loads both facesets and
    /// trains. Throws before any step when the memory estimate exceeds what is available, naming
    /// the largest batch that fits. Data-parallel, each worker counts its own share of the batch
    /// (rank 0's, the largest) against its device's memory.
    public func run(notes: ([String]) -> Void = { _ in }, events: (Trainer.Event) -> Void = { _ in }) throws -> Report {
        guard settings.iterations.map({ $0 >= 0 }) ?? true, settings.saveEvery > 0, settings.previewEvery > 0 else {
            throw TrainingError("--iterations must be 0 or more, --save-every and --preview-every 1 or more")
        }
        var prepared = try prepare()
        let group = ProcessGroup.current
        if let group { try RankAgreement.check(rankDescription(prepared), over: group) }
        let model = prepared.model
        var memory = measure(model)
        let workers = group?.worldSize ?? 1
        memory.batchSize = Trainer.batchShare(model.batchSize, rank: 0, worldSize: workers)
        guard memory.fits else {
            let largest = (memory.largestBatch ?? 0) * workers
            let advice = largest > 0 ? "lower batch_size to \(largest) or less" : "not even a batch of 1 fits: lower resolution or the dims"
            let share = workers > 1 ? " (\(memory.batchSize) per worker)" : ""
            throw TrainingError("training \(saveFolder.lastPathComponent) needs about \(MemoryEstimate.gibibytes(memory.totalBytes)) at batch \(model.batchSize)\(share), but \(MemoryEstimate.gibibytes(memory.availableBytes ?? 0)) is available: \(advice) (--options), or close other programs")
        }
        let place = device == .cpu ? "" : " of \(device)" + (model.optimizerOnDevice ? "" : " (optimizer state in CPU memory)")
        if let note = Trainer.batchSplitNote(model.batchSize, worldSize: workers) { prepared.notes.append(note) }
        prepared.notes.append("memory\(place): about \(MemoryEstimate.gibibytes(memory.totalBytes)) at batch \(memory.batchSize)"
            + (memory.availableBytes.map { " of \(MemoryEstimate.gibibytes($0)) available" } ?? ""))
        let faceType = model.options["face_type"]?.stringValue.flatMap(FaceType.init(option:)) ?? .wholeFace
        let meshes = TrainingSampleMeshes(mask: DefaultFaceMask(options: model.options), faceType: faceType, device: device)
        let (source, destination, skipped) = try loadFacesets(pretraining: model.options["pretrain"] == .bool(true), meshes: meshes)
        let streams = try model.sampleStreams(source: source, destination: destination)
        if kind == .xseg, model.options["pretrain"] != .bool(true) {
            prepared.notes.append(try XSegTrainingModel.labelledFaces(source: source, destination: destination).summary)
        }
        if (group?.rank ?? 0) == 0 {
            do {
                try FileManager.default.createDirectory(at: modelFolder, withIntermediateDirectories: true)
            } catch {
                throw FileError.writeFailed(path: modelFolder.path, reason: FileError.reason(error))
            }
        }
        notes(prepared.notes)
        var settings = self.settings
        if let target = model.options["target_iter"]?.intValue, target > 0 { settings.targetIteration = target }
        if let hours = model.options["autobackup_hour"]?.intValue, hours > 0 { settings.autobackupEvery = Double(hours) * 3600 }
        if model.options["write_preview_history"] == .bool(true) {
            settings.previewHistoryEvery = 10 * max(1, (model.options["resolution"]?.intValue ?? 64) / 64)
        }
        let trainer = Trainer(model: model, streams: streams, folder: saveFolder, previewFile: previewFile, state: prepared.state,
                              settings: settings)
        let stop = try trainer.run(events)
        return Report(stop: stop, state: trainer.state, notes: prepared.notes, skipped: skipped,
                      secondsWaitingForSamples: trainer.secondsWaitingForSamples, memory: memory)
    }

    /// What every rank of a data-parallel run must agree on (`RankAgreement`): the model, its
    /// folders, the iteration and seed it starts from, when it saves and stops, its resolved options.
    /// A folder inside the working directory counts by its path from there, so the same command
    /// started in each machine's own working directory agrees.
    func rankDescription(_ prepared: Prepared) -> [(key: String, value: String)] {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path + "/"
        func path(_ url: URL?) -> String {
            guard let path = url?.standardizedFileURL.path else { return "(none)" }
            return path.hasPrefix(workingDirectory) ? String(path.dropFirst(workingDirectory.count)) : path
        }
        let run = [("model", kind.rawValue), ("model_name", modelName), ("model_dir", path(modelFolder)), ("src", path(source)),
                   ("dst", path(destination)), ("pretraining_data_dir", path(pretrainingFolder)),
                   ("iteration", "\(prepared.state.iteration)"), ("seed", "\(prepared.state.seed)"),
                   ("iterations", settings.iterations.map { "\($0)" } ?? "(none)"), ("save_every", "\(settings.saveEvery)")]
        return run + prepared.model.options.sorted { $0.key < $1.key }.map { ($0.key, $0.value.description) }
    }

    /// Both facesets: src and dst, or while pretraining the pretraining faceset for both, with
    /// their face meshes when the default mask needs them; and the files skipped in them.
    private func loadFacesets(pretraining: Bool, meshes: TrainingSampleMeshes) throws
        -> (source: TrainingFaceset, destination: TrainingFaceset, skipped: [String]) {
        if pretraining {
            guard let pretrainingFolder else {
                throw OptionError("pretrain is on, but no pretraining faceset was given: pass --pretraining-data-dir DIR (a faceset of many people), or turn pretrain off")
            }
            let (samples, skipped) = try TrainingSample.load(pretrainingFolder)
            let faceset = TrainingFaceset(folder: pretrainingFolder, samples: try meshes.attach(to: samples))
            return (faceset, faceset, skipped)
        }
        let (sourceSamples, sourceSkipped) = try TrainingSample.load(source)
        let (destinationSamples, destinationSkipped) = try TrainingSample.load(destination)
        return (TrainingFaceset(folder: source, samples: try meshes.attach(to: sourceSamples)),
                TrainingFaceset(folder: destination, samples: try meshes.attach(to: destinationSamples)),
                sourceSkipped + destinationSkipped)
    }
}
