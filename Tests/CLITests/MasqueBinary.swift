import Foundation
import Testing
import TestSupport

/// The built `masque` executable, run as a subprocess.
enum MasqueBinary {
    /// Where `swift build`/`swift test` put it (or `MASQUE_TEST_BINARY`, to run the CLI tests
    /// against another build, e.g. an older commit's); nil when it has not been built.
    static let url = ProcessInfo.processInfo.environment["MASQUE_TEST_BINARY"].map { URL(fileURLWithPath: $0) }
        ?? PackagePaths.builtExecutable("masque")

    /// Runs `masque` with `arguments` (in `directory`, default this process's working directory);
    /// `environment` entries override this process's environment.
    static func run(_ arguments: [String], environment overrides: [String: String] = [:], in directory: URL? = nil) throws -> ProcessOutput {
        let executable = try #require(url, "masque is not built; run `swift build --product masque` first")
        let environment = ProcessInfo.processInfo.environment.merging(overrides) { _, new in new }
        return try ProcessOutput.run(executable, arguments, environment: environment, in: directory)
    }
}
