import Foundation

/// The result of running a program to completion.
public struct ProcessOutput: Sendable {
    /// Exit status (or the signal number if it was killed).
    public let status: Int32
    /// Standard output as UTF-8 text.
    public let standardOutput: String
    /// Standard error as UTF-8 text.
    public let standardError: String

    /// Non-empty lines of standard error.
    public var errorLines: [String] {
        standardError.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }

    /// Runs `executable` with `arguments`; `environment` replaces this process's environment when
    /// given. Output pipes are drained while it runs, so large output cannot stall it.
    public static func run(
        _ executable: URL, _ arguments: [String],
        environment: [String: String]? = nil,
        in directory: URL? = nil
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        let output = try FileHandle(forWritingTo: outputFile)
        let errors = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        return ProcessOutput(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        )
    }
}
