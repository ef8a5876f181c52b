import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The bad-input suite: every case of `BadInput.all` against the built `masque`, one scratch
/// folder each. Run it alone with `swift test --filter BadInputSuite`.
@Suite struct BadInputSuite {
    @Test(arguments: BadInput.all)
    func badInput(_ input: BadInput) throws {
        try Self.check(input)
    }

    /// Output folders that cannot be written (`BadInput.readOnlyOutputs`): masque run as a user
    /// whom permissions stop (`ReadOnlyFolders.wrapper`; root keeps its uid but loses the
    /// capability to override them). Skipped where no such user can be had.
    @Test(.enabled(if: ReadOnlyFolders.wrapper != nil, "permissions cannot be made to stop writes here (root without setpriv)"),
          arguments: BadInput.readOnlyOutputs)
    func readOnlyOutput(_ input: BadInput) throws {
        try Self.check(input, wrapper: try #require(ReadOnlyFolders.wrapper))
    }

    /// Lays out `input` in a fresh scratch folder, runs masque (through `wrapper`) and checks the outcome.
    static func check(_ input: BadInput, wrapper: [String] = []) throws {
        let scratch = try TemporaryDirectory("masque-bad-input")
        let root = scratch.url
        defer { ReadOnlyFolders.makeWritable(root) }
        for step in input.given { try step.make(root) }
        let before = FolderSnapshot(root)
        let resolve = { (text: String) in text.replacingOccurrences(of: "$", with: root.path) }

        let run = try MasqueRun.toEnd(input.arguments.map(resolve), wrapper: wrapper)
        let output = run.standardOutput + run.standardError
        #expect(!run.diedOfSignal, "masque crashed (signal \(run.status)): \(run.standardError)")
        let orphans = MasqueRun.processes(mentioning: root.path)
        #expect(orphans.isEmpty, "a child process outlived masque")
        for pid in orphans { kill(pid, SIGKILL) }

        switch input.outcome {
        case .refuses(let fragments):
            #expect(run.status == 1, "expected a refusal, got exit \(run.status): \(output)")
            let errors = run.errorLines.filter { $0.hasPrefix("masque: error: ") }
            #expect(errors.count == 1, "one error line expected: \(run.errorLines)")
            for fragment in fragments.map(resolve) {
                #expect(errors.first?.contains(fragment) == true, "'\(fragment)' missing from: \(run.errorLines)")
            }
            let after = FolderSnapshot(root)
            #expect(after == before, "files changed: before \(before), after \(after)")
        case .rejectsUsage(let fragments):
            #expect(run.status == 64, "expected the argument parser's refusal, got exit \(run.status): \(output)")
            for fragment in fragments.map(resolve) {
                #expect(run.standardError.contains(fragment), "'\(fragment)' missing from: \(run.errorLines)")
            }
            let after = FolderSnapshot(root)
            #expect(after == before, "files changed: before \(before), after \(after)")
        case .succeeds(let fragments, let check):
            #expect(run.status == 0, "expected success, got exit \(run.status): \(output)")
            for fragment in fragments.map(resolve) {
                #expect(output.contains(fragment), "'\(fragment)' missing from: \(output)")
            }
            try check(root)
        }
    }

    @Test func theReadmeStatesHowManyCasesTheSuiteHolds() throws {
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("It holds \(BadInput.all.count) bad-input cases"), "update the case count in README.md")
        #expect(Set(BadInput.all.map(\.name)).count == BadInput.all.count, "case names are unique")
    }
}

/// Folders made read-only for a test, and how to run masque so that this stops it.
enum ReadOnlyFolders {
    /// The command line that runs masque under permissions: none for a normal user; for root,
    /// `setpriv` dropping the capabilities that override file permissions (root then writes only
    /// where a folder's owner bits allow). Nil when a trial write into a read-only folder through
    /// it still succeeds, so the test cannot be real here.
    static let wrapper: [String]? = {
        let candidate: [String]
        if getuid() != 0 {
            candidate = []
        } else if let setpriv = PackagePaths.onPath("setpriv") {
            let capabilities = "-dac_override,-dac_read_search"
            candidate = [setpriv.path, "--bounding-set=\(capabilities)", "--inh-caps=\(capabilities)"]
        } else {
            return nil
        }
        guard let trial = try? TemporaryDirectory("masque-read-only-trial") else { return nil }
        defer { makeWritable(trial.url) }
        let folder = trial.url.appendingPathComponent("ro")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)) != nil,
              chmod(folder.path, 0o555) == 0 else { return nil }
        let touch = candidate + ["/bin/sh", "-c", "echo x > \"$0\"", folder.appendingPathComponent("x").path]
        guard let result = try? ProcessOutput.run(URL(fileURLWithPath: touch[0]), Array(touch.dropFirst())) else { return nil }
        return result.status != 0 ? candidate : nil
    }()

    /// Gives every folder under `root` its owner's write permission back, so it can be removed.
    static func makeWritable(_ root: URL) {
        chmod(root.path, 0o755)
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { chmod(url.path, 0o755) }
        }
    }
}
