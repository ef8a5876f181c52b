import Foundation
@testable import Support
import Testing
import TestSupport

/// `Subprocess`: the one way tools are started (their death with masque is tested on the real
/// binary in Tests/CLITests/BadInputs/InterruptionSuite.swift).
@Suite struct SubprocessTests {
    @Test func runsInTheGivenFolderAndCollectsItsOutput() throws {
        let folder = try TemporaryDirectory()
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "pwd; echo oops >&2; exit 3"], directory: folder.url)
        #expect(result.status == 3)
        #expect(String(decoding: result.output, as: UTF8.self) == folder.url.resolvingSymlinksInPath().path + "\n")
        #expect(String(decoding: result.errors, as: UTF8.self) == "oops\n")
    }

    @Test func writesItsOutputIntoAFile() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("out.txt")
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo hello"], outputFile: file)
        #expect(result.status == 0 && result.output.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == "hello\n")
    }

    @Test func aToolThatCannotStartIsAnErrorNamingIt() {
        #expect(throws: FileError.unreadable(path: "/nonexistent/tool", reason: "cannot be started (No such file or directory)")) {
            _ = try Subprocess.run(URL(fileURLWithPath: "/nonexistent/tool"), [])
        }
    }

    @Test func theChildInheritsNoOtherDescriptor() throws {
        let spare = open("/dev/null", O_RDONLY)
        defer { close(spare) }
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "ls /proc/self/fd"])
        let descriptors = String(decoding: result.output, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        #expect(!descriptors.contains(Int(spare)), "descriptor \(spare) leaked into the child: \(descriptors)")
    }
}
