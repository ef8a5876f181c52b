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
        let scratch = try TemporaryDirectory("masque-bad-input")
        let root = scratch.url
        for step in input.given { try step.make(root) }
        let before = FolderSnapshot(root)
        let resolve = { (text: String) in text.replacingOccurrences(of: "$", with: root.path) }

        let run = try MasqueRun.toEnd(input.arguments.map(resolve))
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
