import DFLFormats
import Foundation
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
import Training

/// XSeg models in model folders: a folder holding only `XSeg_256.npy` (DFL's generic model) or
/// Masque's `XSeg/` save is listed and opened as XSeg by the one model listing, next to a swap
/// model only when asked for; export writes DFL's files and refuses to overwrite them.
@Suite struct XSegModelFolderTests {
    /// A tiny network at DFL's resolution, written as DFL's bare `XSeg_256.npy`.
    static func genericFolder(_ folder: URL, seed: UInt64 = 3) throws -> XSegNetwork {
        let network = XSegNetwork(resolution: 256, baseChannels: 2, generator: try Generator(seed: seed))
        try XSegDFLFiles.write(network, data: nil, to: XSegDFLFiles.files(in: folder))
        return network
    }

    static func sameWeights(_ a: XSegNetwork, _ b: XSegNetwork) -> Bool {
        zip(a.namedParameters(), b.namedParameters()).allSatisfy { $0.name == $1.name && $0.parameter.value.floats() == $1.parameter.value.floats() }
    }

    @Test func aFolderWithOnlyXSeg256IsAnXSegModel() throws {
        let folder = try TemporaryDirectory("masque-xseg-generic")
        let network = try Self.genericFolder(folder.url)
        #expect(try folder.contents() == ["XSeg_256.npy"])
        #expect(SavedModel.kinds(in: folder.url) == [.xseg])
        let listed = SavedModel.list(in: folder.url, kind: .xseg)
        #expect(listed.map(\.name) == ["XSeg"] && listed.first?.format == .dfl)
        #expect(SavedModel.list(in: folder.url, kind: .saehd).isEmpty)

        let opened = try OpenedModel.open(in: folder.url, kind: nil, name: nil)
        #expect(opened.saved.kind == .xseg && opened.state.iteration == 0 && opened.state.kind == "XSeg")
        #expect(opened.saveFolder.lastPathComponent == "XSeg")
        guard case .xseg(let model) = opened.network else { Issue.record("not opened as XSeg"); return }
        #expect(model.network.resolution == 256 && model.network.baseChannels == 2)
        #expect(Self.sameWeights(model.network, network))

        var resettable = opened
        #expect { try resettable.reset(.decoders) } throws: { "\($0)".contains("XSeg") && !"\($0)".contains("\n") }
    }

    @Test func besideASwapModelSAEHDIsTheDefaultAndXSegIsAskedFor() throws {
        let folder = try TemporaryDirectory("masque-xseg-workspace")
        _ = try SAEHDDFLFilesTests.dflModel(in: folder)
        _ = try Self.genericFolder(folder.url)
        #expect(SavedModel.kinds(in: folder.url) == [.saehd, .xseg])
        #expect(SavedModel.kind(in: folder.url, given: nil) == .saehd)
        let swap = try OpenedModel.open(in: folder.url, kind: nil, name: nil)
        guard case .swap = swap.network else { Issue.record("SAEHD expected"); return }
        let xseg = try OpenedModel.open(in: folder.url, kind: .xseg, name: nil)
        guard case .xseg = xseg.network else { Issue.record("XSeg expected"); return }
        #expect(try SavedModel.choose(in: folder.url, kind: .saehd, name: nil, mustExist: true) == "new")
    }

    @Test func masquesSaveOpensAndExportsToDFLsFiles() throws {
        let folder = try TemporaryDirectory("masque-xseg-save")
        let network = XSegNetwork(resolution: 128, baseChannels: 2, generator: try Generator(seed: 9))
        let options: [String: OptionValue] = ["face_type": .string("wf"), "pretrain": .bool(false), "batch_size": .int(4)]
        let state = TrainingState(kind: XSegModel.kind, iteration: 12, options: options, lossHistory: [[0.75], [0.5]], seed: 1)
        try XSegModel(network: network, options: options).save(to: folder.file("XSeg"), state: state)
        let listed = SavedModel.list(in: folder.url, kind: .xseg)
        #expect(listed.map(\.name) == ["XSeg"] && listed.first?.format == .masque)

        let opened = try OpenedModel.open(in: folder.url, kind: nil, name: nil)
        #expect(opened.state == state)
        guard case .xseg(let model) = opened.network else { Issue.record("not opened as XSeg"); return }
        #expect(model.network.resolution == 128 && Self.sameWeights(model.network, network))

        let out = folder.file("dfl")
        let written = try opened.exportDFL(to: out, replace: false)
        #expect(written.map(\.lastPathComponent) == ["XSeg_128.npy", "XSeg_data.dat"])
        let back = try XSegDFLFiles.load(XSegDFLFiles.files(in: out))
        #expect(Self.sameWeights(back.network, network))
        #expect(back.data == DFLModelData(iteration: 12, options: options, lossHistory: [[0.75], [0.5]]))
        #expect { try opened.exportDFL(to: out, replace: false) } throws: { "\($0)".contains("--force") }
        #expect(try opened.exportDFL(to: out, replace: true).count == 2)
    }

    @Test func dflsBareGenericModelExportsBare() throws {
        let folder = try TemporaryDirectory("masque-xseg-bare")
        _ = try Self.genericFolder(folder.url)
        let opened = try OpenedModel.open(in: folder.url, kind: .xseg, name: nil)
        let written = try opened.exportDFL(to: folder.file("out"), replace: false)
        #expect(written.map(\.lastPathComponent) == ["XSeg_256.npy"])
        #expect(try Data(contentsOf: written[0]) == Data(contentsOf: folder.file("XSeg_256.npy")), "the same bytes as Masque wrote them")
    }

    @Test func anEmptyFolderNamesXSegsFix() throws {
        let folder = try TemporaryDirectory("masque-xseg-empty")
        #expect {
            try OpenedModel.open(in: folder.url, kind: .xseg, name: nil)
        } throws: { error in
            "\(error)".contains("holds no XSeg model") && "\(error)".contains("XSeg_256.npy") && !"\(error)".contains("masque train")
        }
    }
}
