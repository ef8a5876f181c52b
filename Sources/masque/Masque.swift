import ArgumentParser
import Foundation
import Provenance

/// The `masque` command: DFL's workflow steps as subcommands over a workspace.
@main
struct Masque: ParsableCommand {
    /// Every command group registers its commands here; each group lives in its own file
    /// (VideoCommands.swift, and e.g. Doctor.swift for `doctor`).
    static let subcommands: [any ParsableCommand.Type] = [
        ExtractFrames.self,
        CutVideo.self,
        Denoise.self,
        VideoFromFrames.self,
        Verify.self,
        Doctor.self,
        ModelInfo.self,
        ExtractFaces.self,
        Sort.self,
        Dedupe.self,
        Models.self,
        Faceset.self,
        XSeg.self,
        Train.self,
        Model.self,
        ExportDFM.self,
        Merge.self,
        DemoCommand.self,
    ]

    /// Runs the command. A file-size limit (`ulimit -f`) makes a write fail with an error
    /// masque reports (and keeps the previous file), instead of killing it with SIGXFSZ.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "masque",
        abstract: "Face replacement in video for consented film, VFX and research work: the DeepFaceLab workflow in Swift.",
        discussion: "Works on a DeepFaceLab workspace (workspace/data_src.mp4, data_src/, data_dst/, model/, ...).",
        version: MasqueRelease.version,
        subcommands: subcommands
    )
}
