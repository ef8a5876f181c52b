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
        /// Exit 64 (the argument parser's "Error: …" with the usage), holding each fragment,
        /// and nothing changed on disk: a value the option's type cannot hold.
        case rejectsUsage([String])
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

    init(_ name: String, _ given: [BadInputSetup], _ arguments: [String], rejectsUsage fragments: String...) {
        self.name = name
        self.given = given
        self.arguments = arguments
        outcome = .rejectsUsage(fragments)
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

/// Every file under a folder (hidden ones too) with its size and a hash of its bytes; to prove
/// nothing changed without holding the files in memory (a runaway command may write gigabytes).
struct FolderSnapshot: Equatable, CustomStringConvertible {
    let files: [String: [Int]]

    init(_ root: URL) {
        var files: [String: [Int]] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(root.path.count))
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
               let data = FileManager.default.contents(atPath: url.path) {
                files[relative] = [data.count, Self.checksum(data)]
            } else {
                files[relative + "/"] = []
            }
        }
        self.files = files
    }

    /// FNV-1a over the bytes, eight at a time: every byte counts (`Data.hashValue` may not).
    static func checksum(_ data: Data) -> Int {
        data.withUnsafeBytes { raw -> Int in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            let words = raw.count / 8
            for index in 0..<words {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* 0x100_0000_01b3
            }
            for index in (words * 8)..<raw.count { hash = (hash ^ UInt64(raw[index])) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash)
        }
    }

    var description: String { files.count > 40 ? "\(files.count) entries" : files.keys.sorted().joined(separator: ", ") }
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
