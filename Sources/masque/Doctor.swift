import ArgumentParser
import Foundation
import Imaging
import Media
import Support
import Tensors

/// `masque doctor`: what Masque runs on — libraries, devices, threads and cache folders.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the versions of libtorch, OpenCV and ffmpeg, the compute devices, threads and cache folders.")

    func run() throws {
        try CommandFailure.reporting {
            let environment = ProcessInfo.processInfo.environment
            let home = FileManager.default.homeDirectoryForCurrentUser.path
            let cache = environment["MASQUE_CACHE"] ?? "\(home)/.cache/masque"
            print("libtorch: \(Runtime.version)")
            print("CUDA library: \(Runtime.cudaLibraryLoaded ? "loaded" : "not installed (scripts/bootstrap --cuda adds it)")")
            let gpus = Runtime.cudaDeviceCount
            print("devices: cpu" + (0..<gpus).map { ", cuda:\($0)" }.joined())
            print("--device auto picks: \(gpus > 0 ? "cuda:0" : "cpu")")
            print("CPU threads: \(Runtime.threadCount) of \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print("OpenCV: \(OpenCV.version)")
            let tools = try FFmpegLocation.locate()
            print("ffmpeg: \(try Doctor.firstLine(of: tools.ffmpeg, arguments: ["-version"])) (\(tools.ffmpeg.path))")
            print("ffprobe: \(tools.ffprobe.path)")
            print("cache: \(cache)")
            print("libtorch folder: \(environment["LIBTORCH_DIR"] ?? "\(cache)/torch-2.15.0")")
            print("model assets: \(environment["MASQUE_MODELS"] ?? "\(cache)/models")")
        }
    }

    /// The first line a tool prints, e.g. `ffmpeg version 5.1.6-0+deb12u1`.
    static func firstLine(of tool: URL, arguments: [String]) throws -> String {
        let result = try Subprocess.run(tool, arguments)
        return String(decoding: result.output, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "unknown version"
    }
}
