import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A `masque` process started for a bad-input or interruption test: real binary, real signals,
/// bounded in time. Output goes to files so a chatty child cannot block on a full pipe.
final class MasqueRun: @unchecked Sendable {
    let process = Process()
    private let outputFile: URL
    private let errorFile: URL

    /// Starts `masque arguments` (the binary `swift build` produced), through `wrapper` (a
    /// command line that ends by running the one it is given, like `setpriv …`) when not empty.
    init(_ arguments: [String], environment: [String: String] = [:], wrapper: [String] = []) throws {
        let executable = try #require(MasqueBinary.url, "masque is not built; run `swift build --product masque` first")
        let temporary = FileManager.default.temporaryDirectory
        outputFile = temporary.appendingPathComponent("masque-out-\(UUID().uuidString)")
        errorFile = temporary.appendingPathComponent("masque-err-\(UUID().uuidString)")
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        if let tool = wrapper.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = wrapper.dropFirst() + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: outputFile)
        try? FileManager.default.removeItem(at: errorFile)
    }

    var pid: pid_t { process.processIdentifier }

    /// Sends `signal` to masque.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits until masque exits, at most `seconds`; false (and masque killed) when it did not.
    @discardableResult
    func wait(atMost seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return false
        }
        process.waitUntilExit()
        return true
    }

    /// Exit status, or the signal that ended it.
    var status: Int32 { process.terminationStatus }
    /// Whether a signal ended it (a crash: SIGILL, SIGSEGV, SIGABRT, or the test's own kill).
    var diedOfSignal: Bool { process.terminationReason == .uncaughtSignal }
    var standardOutput: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }
    var errorLines: [String] { standardError.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty } }

    /// Runs `masque arguments` to the end, at most `seconds`.
    static func toEnd(_ arguments: [String], environment: [String: String] = [:], wrapper: [String] = [],
                      seconds: Double = 90) throws -> MasqueRun {
        let run = try MasqueRun(arguments, environment: environment, wrapper: wrapper)
        let finished = run.wait(atMost: seconds)
        #expect(finished, "masque \(arguments.joined(separator: " ")) ran past \(seconds) s and was killed")
        return run
    }

    /// Polls `condition` every `interval` seconds (20 ms) for at most `seconds`; whether it became true.
    static func waitFor(seconds: Double, every interval: Double = 0.02, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: interval)
        }
        return condition()
    }

    /// The live processes (other than masque) whose command line mentions `path`: children that
    /// outlived it, like an orphaned ffmpeg. Zombies do not count.
    static func processes(mentioning path: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard pid != getpid(),
                  let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  String(decoding: commandLine.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(path),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let state = stat.split(separator: ")").last?.split(separator: " ").first
            else { return false }
            return state != "Z" && !String(decoding: commandLine, as: UTF8.self).hasPrefix(MasqueBinary.url?.path ?? "\u{0}")
        }
    }
}
