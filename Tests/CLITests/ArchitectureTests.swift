import Foundation
import Testing
import TestSupport

/// The house rules of docs/architecture.md hold for the code as it is: every module imports only
/// what Package.swift declares for it (and declares only what it imports), dependencies point down
/// the documented list, and no two folders of one module use each other.
@Suite struct ArchitectureTests {
    @Test func theModuleGraphMatchesTheDocsAndNoFoldersLoop() throws {
        let python = try #require(PackagePaths.onPath("python3"), "python3 is not installed (apt-get install python3)")
        let result = try ProcessOutput.run(python, [PackagePaths.root.appendingPathComponent("scripts/check-architecture").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("module graph matches the docs, no folder loops"), "\(result.standardOutput)")
    }
}
