import Foundation

/// The repository's `Tests/Reference` folder, which holds the committed reference fixtures
/// and the scripts that made them. Found from this file's own path, so tests need no
/// working-directory setup.
public func referenceDirectory(_ filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Reference", isDirectory: true)
}

/// A file under `Tests/Reference`, e.g. `referenceFile("imaging/input_u8.npy")`.
public func referenceFile(_ relativePath: String) -> URL {
    referenceDirectory().appendingPathComponent(relativePath)
}
