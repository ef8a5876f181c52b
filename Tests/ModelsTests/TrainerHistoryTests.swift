import Foundation
import Imaging
@testable import Models
import NN
import Support
import Testing
import TestSupport
@testable import Training

/// DFL's autobackups and preview history (§5.8) on the one trainer: backups are rotated numbered
/// copies of complete saves with the preview, at most 24; the history holds one JPEG of the same
/// faces every N iterations from iteration 0.
@Suite struct TrainerHistoryTests {
    @Test func previewHistoryEveryNIterationsFromZero() throws {
        let folder = try TemporaryDirectory("masque-history")
        var request = TrainerTests.request(in: folder, iterations: 5)
        request.settings.previewHistoryEvery = 2
        _ = try request.run()
        let history = request.saveFolder.deletingLastPathComponent().appendingPathComponent("new_SAEHD_history")
        #expect(try FileManager.default.contentsOfDirectory(atPath: history.path).sorted() == ["0000000.jpg", "0000002.jpg", "0000004.jpg"])
        let image = try Image(contentsOf: history.appendingPathComponent("0000004.jpg"), mode: .color)
        #expect(image.width == 5 * 64)
    }

    @Test func theOptionsTurnOnHistoryAndBackups() throws {
        let folder = try TemporaryDirectory("masque-history-options")
        var request = TrainerTests.request(in: folder, iterations: 1)
        request.options["write_preview_history"] = .bool(true)
        request.options["autobackup_hour"] = .int(1)
        _ = try request.run()
        #expect(PathKind.of(folder.file("model/new_SAEHD_history/0000000.jpg")) == .file, "every 10·max(1, 64/64) iterations from 0")
        #expect(PathKind.of(folder.file("model/new_SAEHD_autobackups")) == .missing, "an hour has not passed")
    }

    @Test func backupsAreRotatedCopiesOfCompleteSaves() throws {
        let folder = try TemporaryDirectory("masque-autobackup")
        var request = TrainerTests.request(in: folder, iterations: 3)
        request.settings.saveEvery = 1
        request.settings.autobackupEvery = 1e-6
        var backups: [URL] = []
        _ = try request.run(events: { if case .backedUp(let url) = $0 { backups.append(url) } })
        #expect(backups.count == 3, "after each of the saves at 1, 2 and 3 (the stop at 3 does not save again)")
        let root = folder.file("model/new_SAEHD_autobackups")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") }.sorted() == ["01", "02", "03"])
        let newest = try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: root.appendingPathComponent("01/state.json")))
        let oldest = try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: root.appendingPathComponent("03/state.json")))
        #expect(newest.iteration == 3 && oldest.iteration == 1)
        for file in [Checkpoint.weightsFile, Checkpoint.optimizerFile, "new_SAEHD_preview.png"] {
            #expect(PathKind.of(root.appendingPathComponent("01/\(file)")) == .file, "\(file)")
        }
    }

    @Test func atMost24BackupsAreKept() throws {
        let folder = try TemporaryDirectory("masque-autobackup-rotation")
        let save = folder.file("m_SAEHD")
        try FileManager.default.createDirectory(at: save, withIntermediateDirectories: true)
        try Data("new".utf8).write(to: save.appendingPathComponent("state.json"))
        let backup = Autobackup(saveFolder: save, interval: 1, start: Date())
        for number in 1...24 {
            try FileManager.default.createDirectory(at: backup.backup(number), withIntermediateDirectories: true)
            try Data("\(number)".utf8).write(to: backup.backup(number).appendingPathComponent("state.json"))
        }
        _ = try backup.backUp(save: save, preview: folder.file("none.png"))
        let read = { (n: Int) in try String(contentsOf: backup.backup(n).appendingPathComponent("state.json"), encoding: .utf8) }
        #expect(try read(1) == "new" && read(2) == "1" && read(24) == "23")
        #expect(PathKind.of(backup.backup(25)) == .missing)
    }
}
