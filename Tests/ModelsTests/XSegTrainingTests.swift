import Foundation
import Imaging
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
@testable import Training

/// XSeg on the one trainer (§4.3): its options as DFL asks them, the loss falling on labelled
/// synthetic faces, a run resumed from its save taking the same steps as one that never stopped,
/// DFL's three previews side by side, pretraining, and one line when no face is labelled. The
/// networks are tiny (64 px, 4 base channels) so each test takes seconds.
@Suite struct XSegTrainingTests {
    /// A request for XSeg on synthetic labelled facesets (src: faces 0–3, dst: faces 4–6, of which
    /// dst's are unlabelled when `labelledDestination` is false) in `folder`.
    static func request(in folder: TemporaryDirectory, iterations: Int, labelledDestination: Bool = true) throws -> TrainingRequest {
        if PathKind.of(folder.file("src")) == .missing {
            try SyntheticLabelledFaces.write(count: 4, to: folder.file("src"))
            try SyntheticLabelledFaces.write(count: 3, first: 4, labelled: labelledDestination, to: folder.file("dst"))
        }
        var request = TrainingRequest(kind: .xseg, modelFolder: folder.file("model"), source: folder.file("src"), destination: folder.file("dst"))
        request.options = ["batch_size": .int(2)]
        request.settings = Trainer.Settings(iterations: iterations, saveEvery: 2, previewEvery: 2)
        return request
    }

    /// A new tiny XSeg model saved where `request` trains, so the request resumes it.
    static func tinySave(for request: TrainingRequest, options: [String: OptionValue] = ["batch_size": .int(2)], seed: UInt64 = 3) throws {
        let values = try XSegOptions.resolve(given: options).values
        let network = XSegNetwork(resolution: 64, baseChannels: 4, generator: try Generator(seed: seed))
        let model = try XSegTrainingModel(network: network, options: values, seed: seed)
        try model.save(to: request.saveFolder, state: TrainingState(kind: XSegModel.kind, options: values, seed: seed))
    }

    @Test func optionsAreDFLsInDFLsOrderWithFaceTypeFixedAtCreation() throws {
        #expect(XSegOptions.descriptors.map(\.name) == ["face_type", "batch_size", "pretrain"])
        let defaults = try XSegOptions.resolve(given: [:]).values
        #expect(defaults == ["face_type": .string("wf"), "batch_size": .int(4), "pretrain": .bool(false)])
        let (clamped, notes) = try XSegOptions.resolve(given: ["batch_size": .int(40)])
        #expect(clamped["batch_size"] == .int(16) && notes.count == 1)
        let stored: [String: OptionValue] = ["face_type": .string("f"), "batch_size": .int(8), "pretrain": .bool(false)]
        #expect(try XSegOptions.resolve(given: ["batch_size": .int(6)], stored: stored).values["face_type"] == .string("f"))
        let error = #expect(throws: OptionError.self) { try XSegOptions.resolve(given: ["face_type": .string("wf")], stored: stored) }
        #expect(error?.message.contains("face_type is fixed once the model exists") == true)
        #expect(TrainingRequest.ModelKind.xseg.descriptors.map(\.name) == XSegOptions.descriptors.map(\.name))
    }

    @Test func theLossFallsOnLabelledFaces() throws {
        let folder = try TemporaryDirectory("masque-xseg-loss")
        try SyntheticLabelledFaces.write(count: 4, to: folder.url)
        let samples = try TrainingSample.load(folder.url).samples
        let processor = XSegSampleProcessor(resolution: 64, faceType: .wholeFace, mode: .training, backgrounds: samples)
        let batch = try SampleQueue(samples: samples, processor: processor, batchSize: 4, seed: 1, background: false).batch(0)
        let options = try XSegOptions.resolve(given: ["batch_size": .int(4)]).values
        let model = try XSegTrainingModel(network: XSegNetwork(resolution: 64, baseChannels: 4, generator: try Generator(seed: 2)),
                                          options: options, seed: 2)
        let losses = try (0..<25).map { _ in try model.train([batch])[0] }
        let (first, last): (Float, Float) = (losses.prefix(3).reduce(0, +), losses.suffix(3).reduce(0, +))
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(last < 0.97 * first, "\(losses)")
    }

    @Test func trainsSavesPreviewsAndAResumedRunTakesTheSameSteps() throws {
        let straight = try TemporaryDirectory("masque-xseg-straight"), stopped = try TemporaryDirectory("masque-xseg-stopped")
        let request = try Self.request(in: straight, iterations: 4)
        try Self.tinySave(for: request)
        var saves: [Int] = []
        var notes: [String] = []
        let report = try request.run(notes: { notes += $0 }, events: { if case .saved(let iteration, _) = $0 { saves.append(iteration) } })
        #expect(report.state.kind == "XSeg" && report.state.iteration == 4 && saves == [2, 4], "a stop right after a save does not save again")
        #expect(report.state.lossHistory.count == 4 && report.state.lossHistory.allSatisfy { $0.count == 1 && $0[0].isFinite })
        #expect(notes.contains("XSeg trains on 7 faces with label polygons (4 of src, 3 of dst)"), "\(notes)")
        #expect(request.saveFolder.lastPathComponent == "XSeg" && request.previewFile.lastPathComponent == "XSeg_preview.png")
        for file in [Checkpoint.weightsFile, Checkpoint.optimizerFile, Checkpoint.stateFile] {
            #expect(PathKind.of(request.saveFolder.appendingPathComponent(file)) == .file, "\(file)")
        }
        let preview = try Image(contentsOf: request.previewFile, mode: .color)
        #expect(preview.width == 9 * 64 && preview.height == TrainingPreview.graphHeight + 2 * 64, "training, src and dst faces side by side")
        #expect(try XSegModel.load(from: request.saveFolder).model.network.resolution == 64, "prediction opens the save")

        let first = try Self.request(in: stopped, iterations: 2)
        try Self.tinySave(for: first)
        _ = try first.run()
        let resumed = try Self.request(in: stopped, iterations: 2).run()
        #expect(resumed.state.iteration == 4)
        for (a, b) in zip(report.state.lossHistory.joined(), resumed.state.lossHistory.joined()) {
            #expect(abs(a - b) <= 1e-4 * max(1, abs(a)), "\(report.state.lossHistory) vs \(resumed.state.lossHistory)")
        }
    }

    @Test func dflsXSegWeightsAloneImportAndTrainOn() throws {
        let folder = try TemporaryDirectory("masque-xseg-import")
        let request = try Self.request(in: folder, iterations: 1)
        try FileManager.default.createDirectory(at: request.modelFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReferenceFixtures.url("xseg/XSeg_128.npy"), to: request.modelFolder.appendingPathComponent("XSeg_128.npy"))
        #expect(request.dflModel() != nil && request.saveFolder.lastPathComponent == "XSeg")
        var notes: [String] = []
        let report = try request.run(notes: { notes += $0 })
        #expect(report.state.iteration == 1 && notes.contains { $0.contains("imported DFL's XSeg_128.npy at iteration 0") }, "\(notes)")
        let saved = try XSegModel.load(from: request.saveFolder)
        #expect(saved.model.network.resolution == 128 && saved.model.network.baseChannels == 4 && saved.state.options["face_type"] == .string("wf"))
        #expect(try folder.contents(of: "model") == ["XSeg", "XSeg_128.npy", "XSeg_preview.png"], "DFL's file is left as it is")
    }

    @Test func onlyTheLabelledFacesTrainAndNoneIsOneLineNamingBothFolders() throws {
        let folder = try TemporaryDirectory("masque-xseg-labelled")
        let request = try Self.request(in: folder, iterations: 1, labelledDestination: false)
        let source = TrainingFaceset(folder: request.source, samples: try TrainingSample.load(request.source).samples)
        let destination = TrainingFaceset(folder: request.destination, samples: try TrainingSample.load(request.destination).samples)
        let (faces, summary) = try XSegTrainingModel.labelledFaces(source: source, destination: destination)
        #expect(faces.count == 4 && summary.contains("(4 of src, 0 of dst)"))

        let bare = try TemporaryDirectory("masque-xseg-bare")
        try SyntheticLabelledFaces.write(count: 2, labelled: false, to: bare.file("src"))
        try SyntheticLabelledFaces.write(count: 2, labelled: false, to: bare.file("dst"))
        let unlabelled = TrainingRequest(kind: .xseg, modelFolder: bare.file("model"), source: bare.file("src"), destination: bare.file("dst"))
        let error = #expect(throws: TrainingError.self) { try unlabelled.run() }
        let message = error?.message ?? ""
        #expect(message.contains(bare.file("src").path) && message.contains(bare.file("dst").path) && message.contains("label some faces")
                && !message.contains("\n"), "\(message)")
        #expect(PathKind.of(bare.file("model")) == .missing, "nothing is written")
    }

    @Test func pretrainingRedrawsFacesInGreyAndSwitchingItOffStartsAgainFromZero() throws {
        let folder = try TemporaryDirectory("masque-xseg-pretrain")
        var request = try Self.request(in: folder, iterations: 2, labelledDestination: false)
        request.pretrainingFolder = request.destination
        try Self.tinySave(for: request, options: ["batch_size": .int(2), "pretrain": .bool(true)])
        let report = try request.run()
        #expect(report.state.iteration == 2 && report.state.options["pretrain"] == .bool(true))
        let preview = try Image(contentsOf: request.previewFile, mode: .color)
        #expect(preview.width == 2 * 64, "pretraining shows the face and its grey redraw")

        request.options["pretrain"] = .bool(false)
        request.settings.iterations = 1
        var notes: [String] = []
        let after = try request.run(notes: { notes += $0 })
        #expect(after.state.iteration == 1 && after.state.lossHistory.count == 1)
        #expect(notes.contains { $0.contains("pretraining turned off") }, "\(notes)")
    }
}
