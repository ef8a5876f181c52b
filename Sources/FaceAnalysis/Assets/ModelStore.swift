import Crypto
import Foundation

/// The folder of pretrained weights: `$MASQUE_MODELS`, else `$MASQUE_CACHE/models`, else
/// `~/.cache/masque/models`; each asset lives in `<root>/<id>/<file name>`.
/// Files are checked against their pinned SHA-256 the first time they are used in a process.
public final class ModelStore: @unchecked Sendable {
    public let root: URL
    private let lock = NSLock()
    private var verified: Set<String> = []

    public init(root: URL) { self.root = root }

    /// The store the environment names.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelStore {
        if let models = environment["MASQUE_MODELS"], !models.isEmpty { return ModelStore(root: URL(fileURLWithPath: models)) }
        let cache = environment["MASQUE_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/masque")
        return ModelStore(root: cache.appendingPathComponent("models"))
    }

    /// Where `asset` lives in this store (whether or not it is there).
    public func location(of asset: ModelAsset) -> URL {
        root.appendingPathComponent(asset.id).appendingPathComponent(asset.fileName)
    }

    /// The verified file of `asset`; throws a one-line error naming the file and the fix when it
    /// is missing or its checksum differs.
    public func file(for asset: ModelAsset) throws -> URL {
        let url = location(of: asset)
        lock.lock()
        let known = verified.contains(asset.id)
        lock.unlock()
        if known { return url }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelAssetError("missing model file \(url.path) (run: masque models fetch \(asset.id))")
        }
        let digest = try ModelStore.sha256(of: url)
        guard digest == asset.sha256 else {
            throw ModelAssetError("damaged model file \(url.path): sha256 \(digest) instead of \(asset.sha256) (delete it and run: masque models fetch \(asset.id))")
        }
        lock.lock()
        verified.insert(asset.id)
        lock.unlock()
        return url
    }

    /// Lowercase hex SHA-256 of a file, read in 4 MiB pieces.
    public static func sha256(of url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw ModelAssetError("cannot read \(url.path) (check its permissions)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
