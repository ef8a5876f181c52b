import Foundation

/// A fresh, empty folder under the system's temporary directory, deleted with its contents
/// when the object goes away.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder.
    public let url: URL

    /// Creates the folder; `label` becomes part of its name to tell test runs apart.
    public init(_ label: String = "masque-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Names of the entries in the folder (or a subfolder), hidden ones included, sorted.
    public func contents(of subfolder: String? = nil) throws -> [String] {
        let folder = subfolder.map { url.appendingPathComponent($0) } ?? url
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
