import Foundation
import Testing
import TestSupport

/// One hostile but realistic use of a command: what lies in the scratch folder, the command
/// line, and the promised outcome. Every case also gets the suite's general checks (see
/// `BadInputSuite`): masque ends in time without a crash, and a refused command leaves every
/// file exactly as it was. In `arguments` and in the expected text, `$` stands for the scratch
/// folder. A new command joins the suite with one line in `BadInput.all`.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// What must hold after the run.
    enum Outcome: Sendable {
        /// Exit 1, one line `masque: error: …` holding each fragment, and nothing changed on disk.
        case refuses([String])
        /// Exit 0, the output holding each fragment; `then` checks the files.
        case succeeds([String], then: @Sendable (URL) throws -> Void)
    }

    let name: String
    let given: [BadInputSetup]
    let arguments: [String]
    let outcome: Outcome

    init(_ name: String, _ given: [BadInputSetup], _ arguments: [String], refuses fragments: String...) {
        self.name = name
        self.given = given
        self.arguments = arguments
        outcome = .refuses(fragments)
    }

    init(_ name: String, _ given: [BadInputSetup], _ arguments: [String], says fragments: String...,
         then check: @escaping @Sendable (URL) throws -> Void = { _ in }) {
        self.name = name
        self.given = given
        self.arguments = arguments
        outcome = .succeeds(fragments, then: check)
    }

    var testDescription: String { name }
}

/// Every file under a folder (hidden ones too) with its bytes; to prove nothing changed.
struct FolderSnapshot: Equatable, CustomStringConvertible {
    let files: [String: Data]

    init(_ root: URL) {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(root.path.count))
            if let data = FileManager.default.contents(atPath: url.path),
               (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files[relative] = data
            } else {
                files[relative + "/"] = Data()
            }
        }
        self.files = files
    }

    var description: String { files.keys.sorted().joined(separator: ", ") }
}

/// Checks for the files a case leaves behind.
enum Expect {
    /// The names in `folder` (hidden ones too), sorted.
    static func names(_ root: URL, _ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    /// No Masque temporary is left anywhere under `root`.
    static func noTemporaries(_ root: URL) {
        let leftovers = FolderSnapshot(root).files.keys.filter { $0.contains(".masque-tmp.") }
        #expect(leftovers.isEmpty, "temporaries left: \(leftovers)")
    }
}
