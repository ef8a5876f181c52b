import ArgumentParser
import Foundation
import Provenance

/// `masque verify`: reads a file's synthetic-media label.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Say whether a PNG or video carries Masque's synthetic-media label.",
        discussion: "Exits 0 and describes the label when there is one; exits 1 with one line on standard error when there is none (labels can be removed, so that does not show a file is authentic) or the file cannot be read."
    )

    @Argument(help: "The file: a merged PNG frame, or a video (mp4, mov, avi).")
    var file: String

    func run() throws {
        try CommandFailure.reporting {
            let label = try ProvenanceReport.inspect(URL(fileURLWithPath: file)).requireLabel()
            print("\(file) is synthetic media: \(label.statement)")
        }
    }
}
