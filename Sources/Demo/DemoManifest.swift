import Foundation
import Support

/// `.masque-demo.json` in a demo workspace: proof that the demo made the folder, and the
/// stages it has finished, so a second run resumes and never touches a user's own files.
struct DemoManifest: Codable, Equatable {
    /// The manifest's file name inside the workspace.
    static let fileName = ".masque-demo.json"

    /// Length of the clips in seconds (a resumed run keeps the first run's clips).
    var seconds: Double
    /// Stages finished, by name, in the order they finished.
    var finished: [String] = []

    /// The manifest of `workspace`, nil when the folder is missing or empty. Throws when the
    /// folder holds files but no manifest: they are someone's own, and the demo leaves them be.
    static func load(from workspace: URL) throws -> DemoManifest? {
        let url = workspace.appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workspace.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else {
            throw DemoError("\(workspace.path) is a file, not a folder: give --workspace a new folder for the demo")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: workspace.path)) ?? []
            guard entries.isEmpty else {
                throw DemoError("\(workspace.path) already holds files the demo did not make: give --workspace a new folder (the demo never writes into your own workspace)")
            }
            return nil
        }
        do {
            return try JSONDecoder().decode(DemoManifest.self, from: data)
        } catch {
            throw DemoError("\(url.path) is damaged (\(error.localizedDescription)): delete the demo folder \(workspace.path) and run the demo again")
        }
    }

    /// Writes the manifest into `workspace` atomically.
    func save(in workspace: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: workspace.appendingPathComponent(Self.fileName))
    }
}
