// swift-tools-version:6.0
// Masque — a Swift re-implementation of the DeepFaceLab 2.0 workflow. See README.md.
import PackageDescription
import Foundation

/// libtorch comes from the pinned PyPI torch wheel unpacked by scripts/bootstrap.
/// LIBTORCH_DIR points at the folder holding `torch/include` and `torch/lib`.
let environment = Context.environment
let home = environment["HOME"] ?? "/root"
let cache = environment["MASQUE_CACHE"] ?? "\(home)/.cache/masque"
let libtorch = environment["LIBTORCH_DIR"] ?? "\(cache)/torch-2.15.0"
let torchInclude = "\(libtorch)/torch/include"
let torchLib = "\(libtorch)/torch/lib"
guard FileManager.default.fileExists(atPath: "\(torchInclude)/ATen/ATen.h") else {
    fatalError("libtorch not found in \(libtorch): run scripts/bootstrap (or point LIBTORCH_DIR at an unpacked torch wheel)")
}

let opencvInclude = "/usr/include/opencv4"
let opencvLibraries = ["opencv_core", "opencv_imgproc", "opencv_imgcodecs", "opencv_calib3d", "opencv_photo"]

let package = Package(
    name: "Masque",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "masque", targets: ["masque"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "Provenance", targets: ["Provenance"]),
        .library(name: "Support", targets: ["Support"]),
        .library(name: "Workspace", targets: ["Workspace"]),
        .library(name: "DFLFormats", targets: ["DFLFormats"]),
        .library(name: "FaceGeometry", targets: ["FaceGeometry"]),
        .library(name: "FaceSet", targets: ["FaceSet"]),
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "FaceAnalysis", targets: ["FaceAnalysis"]),
        .library(name: "Demo", targets: ["Demo"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Merger", targets: ["Merger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .target(
            name: "CTorch",
            cxxSettings: [
                .unsafeFlags([
                    "-std=c++20", "-isystem", torchInclude,
                    "-isystem", "\(torchInclude)/torch/csrc/api/include",
                    "-D_GLIBCXX_USE_CXX11_ABI=1", "-O2", "-Wno-deprecated-declarations",
                ]),
            ],
            linkerSettings: [
                .unsafeFlags(["-L\(torchLib)", "-Xlinker", "-rpath", "-Xlinker", torchLib]),
                .linkedLibrary("torch_cpu"), .linkedLibrary("c10"), .linkedLibrary("dl"),
            ]
        ),
        .target(
            name: "CVision",
            cxxSettings: [.unsafeFlags(["-std=c++17", "-isystem", opencvInclude, "-O2"])],
            linkerSettings: opencvLibraries.map { .linkedLibrary($0) }
        ),
        .target(name: "CSpawn"),
        .target(name: "Support", dependencies: ["CSpawn"]),
        .target(name: "Tensors", dependencies: ["CTorch", "Support"]),
        .target(name: "NN", dependencies: ["Tensors", "Support"]),
        .target(name: "Imaging", dependencies: ["CVision", "Tensors", "Support"]),
        .target(name: "Media", dependencies: ["Imaging", "Support"]),
        .target(
            name: "Provenance",
            dependencies: ["Media", "Support", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Workspace", dependencies: ["Support"]),
        .target(name: "DFLFormats", dependencies: ["Support"]),
        .target(name: "FaceGeometry", dependencies: ["Imaging", "Support"]),
        .target(name: "FaceSet", dependencies: ["Imaging", "DFLFormats", "FaceGeometry", "Support"]),
        .target(
            name: "Inference",
            dependencies: [
                "NN", "Tensors", "Imaging", "DFLFormats", "FaceGeometry", "Support",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(
            name: "FaceAnalysis",
            dependencies: [
                "Inference", "NN", "Tensors", "Imaging", "Media", "FaceSet", "FaceGeometry", "DFLFormats", "Support", "Workspace",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Training", dependencies: ["Imaging", "Tensors", "FaceGeometry", "FaceSet", "Support"]),
        .target(name: "Models", dependencies: ["Training", "Inference", "FaceAnalysis", "FaceSet", "DFLFormats", "FaceGeometry", "NN", "Imaging", "Tensors", "Support"]),
        .target(name: "Merger", dependencies: ["Provenance", "DFLFormats", "FaceAnalysis", "Models", "Training", "FaceSet", "FaceGeometry", "Imaging", "Tensors", "Support"]),
        .target(name: "Demo", dependencies: ["Merger", "Provenance", "FaceAnalysis", "FaceSet", "Media", "Imaging", "Tensors", "Training", "Models", "Support", "Workspace"]),
        .executableTarget(
            name: "masque",
            dependencies: [
                "Tensors", "NN", "Imaging", "Media", "Provenance", "Support", "Workspace", "DFLFormats", "FaceGeometry", "FaceSet", "Inference", "FaceAnalysis", "Training", "Models", "Merger", "Demo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "bench-train-step", dependencies: ["NN", "Tensors"], path: "bench/train-step",
                          exclude: ["reference.py"]),
        .executableTarget(name: "bench-train-saehd", dependencies: ["Models", "Training", "NN", "Tensors", "Support"],
                          path: "bench/train-saehd", exclude: ["reference.py"]),
        .executableTarget(name: "bench-train-amp", dependencies: ["Models", "Training", "NN", "Tensors", "Support"],
                          path: "bench/train-amp", exclude: ["reference.py"]),
        .executableTarget(name: "bench-dfm", dependencies: ["Models", "Support", "Tensors"],
                          path: "bench/dfm", exclude: ["reference.py"]),
        .executableTarget(name: "bench-identity", dependencies: ["Models", "Training", "FaceAnalysis", "FaceGeometry", "Imaging",
                                                                "Tensors", "Support"], path: "bench/identity"),
        .executableTarget(name: "bench-merge", dependencies: ["Merger", "DFLFormats", "Provenance", "FaceSet", "FaceGeometry", "Imaging", "Tensors", "Support"],
                          path: "bench/merge", exclude: ["reference.py"]),
        .executableTarget(name: "bench-sort", dependencies: ["FaceSet", "Support"], path: "bench/sort",
                          exclude: ["make_faces.py"]),
        .executableTarget(name: "bench-extract", dependencies: ["FaceAnalysis", "FaceSet", "FaceGeometry", "Imaging", "Media", "Tensors", "Support"],
                          path: "bench/extract", exclude: ["reference.py"]),
        .executableTarget(name: "bench-xseg", dependencies: ["Models", "Training", "FaceSet", "FaceGeometry", "Imaging", "NN", "Tensors", "Support"],
                          path: "bench/xseg", exclude: ["reference.py"]),
        .executableTarget(name: "bench-superres", dependencies: ["FaceAnalysis", "Inference", "Imaging", "Tensors"],
                          path: "bench/superres", exclude: ["reference.py"]),
        .target(name: "TestSupport", dependencies: ["Tensors", "Imaging", "Media", "FaceSet", "FaceGeometry"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "Imaging", "TestSupport", "Support"]),
        .testTarget(name: "ProvenanceTests", dependencies: ["Provenance", "Media", "Imaging", "Support", "TestSupport"]),
        .testTarget(name: "SupportTests", dependencies: ["Support", "TestSupport"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace", "Support", "TestSupport"]),
        .testTarget(name: "FaceGeometryTests", dependencies: ["FaceGeometry", "Imaging", "Tensors", "TestSupport"]),
        .testTarget(name: "FaceSetTests", dependencies: ["FaceSet", "DFLFormats", "FaceGeometry", "Imaging", "Support", "TestSupport"]),
        .testTarget(name: "FaceAnalysisTests", dependencies: ["FaceAnalysis", "Inference", "FaceSet", "FaceGeometry", "DFLFormats", "TestSupport", "Support"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "FaceGeometry", "FaceSet", "Imaging", "Support", "Tensors", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Training", "Inference", "DFLFormats", "NN", "Tensors", "FaceAnalysis", "FaceSet", "FaceGeometry", "Imaging", "Support", "TestSupport"]),
        .testTarget(name: "MergerTests", dependencies: ["Merger", "Provenance", "DFLFormats", "Models", "Training", "FaceGeometry", "FaceSet", "Imaging", "Tensors", "Support", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "NN", "Tensors", "Imaging", "Media", "Models", "Training", "Provenance", "Demo"]),
    ],
    cxxLanguageStandard: .cxx20
)
