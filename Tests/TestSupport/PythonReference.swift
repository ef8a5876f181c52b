import Foundation

/// Runs the reference Python (scripts/bootstrap's virtual environment, or $MASQUE_PYTHON).
public enum PythonReference {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static var interpreter: String {
        if let path = ProcessInfo.processInfo.environment["MASQUE_PYTHON"] { return path }
        let home = ProcessInfo.processInfo.environment["MASQUE_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/masque"
        return home + "/venv/bin/python"
    }

    /// Runs `script` with `arguments`; returns its standard output, throws with its stderr on failure.
    public static func run(_ script: String, arguments: [String] = []) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw Failure(description: "reference Python not found at \(interpreter) (run scripts/bootstrap)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors, as: UTF8.self)
            let hint = text.contains("ModuleNotFoundError")
                ? " (a package is missing: run scripts/bootstrap, which installs the pins of scripts/python-requirements.txt)" : ""
            throw Failure(description: "reference Python failed\(hint): \(text)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
