import Foundation
import Support
import Testing
import TestSupport
@testable import Workspace

@Suite struct WorkspaceLayoutTests {
    @Test func pathsFollowDFL() {
        let layout = WorkspaceLayout(root: URL(fileURLWithPath: "/projects/workspace"))
        #expect(layout.sourceFrames.path == "/projects/workspace/data_src")
        #expect(layout.sourceAligned.path == "/projects/workspace/data_src/aligned")
        #expect(layout.destinationFrames.path == "/projects/workspace/data_dst")
        #expect(layout.destinationAligned.path == "/projects/workspace/data_dst/aligned")
        #expect(layout.alignedDebug.path == "/projects/workspace/data_dst/aligned_debug")
        #expect(layout.merged.path == "/projects/workspace/data_dst/merged")
        #expect(layout.mergedMask.path == "/projects/workspace/data_dst/merged_mask")
        #expect(layout.model.path == "/projects/workspace/model")
        #expect(layout.sourceVideoPattern.path == "/projects/workspace/data_src.*")
    }

    @Test func wildcardPicksTheFirstFileByNameWithAMatchingStemIgnoringCase() throws {
        let workspace = try TemporaryDirectory()
        for name in ["data_src_old.mp4", "data_src.mp4", "DATA_SRC.avi", "data_dst.mov", "data_src.tar.gz"] {
            try Data().write(to: workspace.file(name))
        }
        try FileManager.default.createDirectory(at: workspace.file("data_src"), withIntermediateDirectories: true)
        let layout = WorkspaceLayout(root: workspace.url)

        #expect(try layout.sourceVideo().lastPathComponent == "DATA_SRC.avi")
        #expect(try layout.destinationVideo().lastPathComponent == "data_dst.mov")
        let resolved = try WorkspaceLayout.resolveInput(workspace.file("data_src.tar.*").path)
        #expect(resolved.lastPathComponent == "data_src.tar.gz")
    }

    @Test func wildcardWithoutMatchIsAnErrorNamingThePattern() throws {
        let workspace = try TemporaryDirectory()
        try Data().write(to: workspace.file("data_dst.mp4"))
        let pattern = workspace.file("data_src.*").path
        #expect(throws: FileError.noFileMatchingStem(pattern: pattern)) {
            try WorkspaceLayout.resolveInput(pattern)
        }
        #expect(FileError.noFileMatchingStem(pattern: pattern).message.contains(pattern))
    }

    @Test func plainPathsMustExist() throws {
        let workspace = try TemporaryDirectory()
        let video = workspace.file("clip.mp4")
        #expect(throws: FileError.missingInput(path: video.path)) {
            try WorkspaceLayout.resolveInput(video.path)
        }
        try Data().write(to: video)
        #expect(try WorkspaceLayout.resolveInput(video.path) == video)
    }

    @Test func framesFolderIsTheVideoStemNextToIt() {
        let folder = WorkspaceLayout.framesFolder(forVideo: URL(fileURLWithPath: "/w/workspace/data_src.mp4"))
        #expect(folder.path == "/w/workspace/data_src")
    }

    @Test func stemFollowsPython() {
        #expect(WorkspaceLayout.pythonStem(of: "data_src.mp4") == "data_src")
        #expect(WorkspaceLayout.pythonStem(of: "a.tar.gz") == "a.tar")
        #expect(WorkspaceLayout.pythonStem(of: ".hidden") == ".hidden")
        #expect(WorkspaceLayout.pythonStem(of: "trailing.") == "trailing.")
        #expect(WorkspaceLayout.pythonStem(of: "plain") == "plain")
    }
}
