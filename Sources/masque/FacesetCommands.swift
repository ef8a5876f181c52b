import ArgumentParser
import FaceAnalysis
import FaceSet
import Foundation
import Support
import Tensors
import Workspace

/// `masque faceset …`: DFL's faceset tools (`util`, `facesettool`) over a folder of aligned faces.
struct Faceset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pack, unpack, resize, enhance and inspect a folder of aligned faces; save and restore their metadata.",
        subcommands: [PackFaceset.self, UnpackFaceset.self, ResizeFaceset.self, EnhanceFaceset.self, SaveFacesetMetadata.self,
                      RestoreFacesetMetadata.self, RecoverFacesetFilenames.self, ShowFacesetInfo.self])

    /// The folder at `path`; an error naming it when it is missing or not a folder.
    static func folder(_ path: String) throws -> URL {
        let url = try WorkspaceLayout.resolveInput(path)
        guard PathKind.of(url) == .folder else {
            throw FacesetError(file: url.path, reason: "is a file, not a folder; give the folder of aligned faces, e.g. workspace/data_src/aligned")
        }
        return url
    }

    /// Prints `masque: warning: <problem>` on standard error.
    static func warn(_ problem: FacesetError) {
        FileHandle.standardError.write(Data("masque: warning: \(problem)\n".utf8))
    }
}

/// `masque faceset pack DIR`: DFL's `util --pack-faceset`.
struct PackFaceset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack", abstract: "Pack the aligned faces of a folder into DIR/faceset.pak (one file, as DFL does).",
        discussion: """
        An existing faceset.pak is replaced only after a "y" at the terminal or with --force (DFL asks too), \
        unless it already holds every face of the folder (a run stopped while deleting originals): then it is kept \
        and the job finished. Originals are deleted only after the pack was written, flushed and read back.
        """)

    @Argument(help: "The folder of aligned faces; its subfolders, if any, are packed as persons.")
    var folder: String

    @Flag(help: "Pack the faces directly in the folder even when it has subfolders (DFL's \"no\" to person folders).")
    var ignoreSubfolders = false

    @Flag(help: "Delete the packed faces afterwards, as DFL does by default.")
    var deleteOriginals = false

    @Flag(help: "Replace an existing faceset.pak without asking, even with fewer faces.")
    var force = false

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            let result = try FacesetPack.pack(folder: url, personFolders: !ignoreSubfolders, removeOriginals: deleteOriginals,
                                              consent: ReplaceConsent(force: force))
            result.skipped.forEach(Faceset.warn)
            if result.alreadyPacked {
                print("\(result.pack.path) already holds these \(result.samples.count) faces; kept it, \(result.deletedOriginals) originals deleted")
            } else if let replaced = result.replacedFaceCount {
                print("\(result.samples.count) faces packed into \(result.pack.path) (replaced a pack of \(replaced) faces)")
            } else {
                print("\(result.samples.count) faces packed into \(result.pack.path)")
            }
        }
    }
}

/// `masque faceset unpack DIR`: DFL's `util --unpack-faceset`.
struct UnpackFaceset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack", abstract: "Restore the aligned faces of DIR/faceset.pak and delete the pack, as DFL does.",
        discussion: "As in DFL, a face file already in the folder with a packed face's name is overwritten by the packed one (edits made to it are lost); the output counts them.")

    @Argument(help: "The folder holding faceset.pak.")
    var folder: String

    @Flag(help: "Keep faceset.pak after unpacking.")
    var keepPack = false

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            _ = try WorkspaceLayout.resolveInput(url.appendingPathComponent(FacesetPack.fileName).path)
            let result = try FacesetPack.unpack(folder: url, removePack: !keepPack)
            let replaced = result.replaced > 0 ? " (\(result.replaced) existing files replaced by their packed version)" : ""
            print("\(result.written.count) faces unpacked into \(url.path)\(replaced)")
        }
    }
}

/// `masque faceset resize DIR`: DFL's `facesettool resize`.
struct ResizeFaceset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resize",
        abstract: "Resize every aligned face into DIR_resized (optionally re-cropped to another face type).",
        discussion: "Landmarks, XSeg polygons, the XSeg mask and the frame matrix follow the image. Non-square faces are left out with a warning. Images already in DIR_resized are deleted only after a \"y\" at the terminal or with --force (DFL asks too).")

    @Argument(help: "The folder of aligned faces.")
    var folder: String

    @Option(help: ArgumentHelp(FacesetResizeOptions.sizeOption.commandLineHelp))
    var size = FacesetResizeOptions.defaultSize

    @Option(help: ArgumentHelp(FacesetResizeOptions.faceTypeOption.commandLineHelp))
    var faceType = "same"

    @Flag(help: "Then replace the originals with the resized faces and remove DIR_resized (DFL's \"merge\").")
    var inPlace = false

    @Flag(help: "Delete images already in DIR_resized without asking.")
    var force = false

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            let options = try FacesetResizeOptions(size: size, faceType: FacesetResizeOptions.faceType(option: faceType))
            let report = try ProgressReporter.showing("Resizing faces", unit: "faces") { progress in
                try FacesetResizer.resize(folder: url, options: options, consent: ReplaceConsent(force: force), progress: { done, total in progress(done, total) })
            }
            report.skipped.forEach(Faceset.warn)
            if inPlace {
                try FacesetResizer.replaceOriginals(in: url, with: report)
                print("\(report.resized.count) faces resized to \(size)x\(size) in \(url.path)")
            } else {
                print("\(report.resized.count) faces resized to \(size)x\(size) into \(report.output.path)")
            }
        }
    }
}

/// `masque faceset enhance DIR`: DFL's `facesettool enhance`.
struct EnhanceFaceset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enhance",
        abstract: "Sharpen every aligned face with super-resolution (Real-ESRGAN ×4, back to its size) into DIR_enhanced.",
        discussion: """
        Each face keeps its size and its metadata; JPEG quality 100. A second run resumes (faces already in \
        DIR_enhanced are kept). With --merge-back the enhanced faces then replace the originals and DIR_enhanced \
        is removed, after a "y" at the terminal or with --yes (DFL asks too). Needs the model: masque models fetch \
        realesrgan-x4plus-param realesrgan-x4plus.
        """)

    @Argument(help: "The folder of aligned faces.")
    var folder: String

    @Flag(help: "Then replace the originals with the enhanced faces and remove DIR_enhanced (DFL's \"merge\").")
    var mergeBack = false

    @Flag(help: "Replace the originals with --merge-back without asking.")
    var yes = false

    @Option(help: "Largest tile side in pixels (16 or more); smaller tiles use less memory.")
    var tileSize = SuperResolutionTiling.defaultTileSize

    @Option(help: "Compute device: auto, cpu, cuda or cuda:N.")
    var device = "auto"

    func validate() throws {
        guard tileSize >= 16 else { throw ValidationError("--tile-size must be 16 or more, got \(tileSize)") }
    }

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            let network = try SuperResolution(device: try Device(parsing: device), tiling: SuperResolutionTiling(tileSize: tileSize))
            let report = try ProgressReporter.showing("Enhancing faces", unit: "faces") { progress in
                try FacesetEnhancer.enhance(folder: url, with: network, progress: progress)
            }
            let resumed = report.alreadyDone.isEmpty ? "" : " (\(report.alreadyDone.count) already enhanced by an earlier run)"
            if mergeBack {
                try FacesetEnhancer.mergeBack(report, into: url, consent: ReplaceConsent(force: yes))
                print("\(report.faces.count) faces enhanced in \(url.path)\(resumed)")
            } else {
                print("\(report.faces.count) faces enhanced into \(report.output.path)\(resumed)")
            }
        }
    }
}

/// `masque faceset metadata-save DIR`: DFL's `util --save-faceset-metadata`.
struct SaveFacesetMetadata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata-save",
        abstract: "Save the metadata of every aligned face to DIR/meta.dat, to edit the images in other tools.")

    @Argument(help: "The folder of aligned faces.")
    var folder: String

    @Flag(help: "Replace an existing meta.dat even when it holds the metadata of more faces.")
    var force = false

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            let names = try FacesetMetadataBackup.save(folder: url, consent: ReplaceConsent(force: force))
            print("metadata of \(names.count) faces saved to \(url.appendingPathComponent(FacesetMetadataBackup.fileName).path)")
        }
    }
}

/// `masque faceset metadata-restore DIR`: DFL's `util --restore-faceset-metadata`.
struct RestoreFacesetMetadata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata-restore",
        abstract: "Write the metadata saved in DIR/meta.dat back into the faces (resized back to their saved size) and delete meta.dat.")

    @Argument(help: "The folder of aligned faces holding meta.dat.")
    var folder: String

    @Flag(help: "Keep meta.dat after restoring.")
    var keepBackup = false

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            _ = try WorkspaceLayout.resolveInput(url.appendingPathComponent(FacesetMetadataBackup.fileName).path)
            let names = try FacesetMetadataBackup.restore(folder: url, removeBackup: !keepBackup)
            print("metadata restored into \(names.count) faces in \(url.path)")
        }
    }
}

/// `masque faceset recover-filenames DIR`: DFL's `util --recover-original-aligned-filename`.
struct RecoverFacesetFilenames: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover-filenames",
        abstract: "Rename every aligned face after its source frame: <frame stem>_<n>.jpg.")

    @Argument(help: "The folder of aligned faces.")
    var folder: String

    func run() throws {
        try CommandFailure.reporting {
            let url = try Faceset.folder(folder)
            let renames = try OriginalFilenames.restore(folder: url)
            for rename in renames { print("\(rename.from) -> \(rename.to)") }
            print("\(renames.count) faces renamed in \(url.path)")
        }
    }
}

/// `masque faceset info PATH`: one face's metadata or a folder's summary.
struct ShowFacesetInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show an aligned face's metadata, or a summary of a folder of aligned faces.")

    @Argument(help: "An aligned face (.jpg) or a folder of them.")
    var path: String

    @Flag(help: "Print JSON: a face's metadata under DFL's key names, or the folder summary.")
    var json = false

    func run() throws {
        try CommandFailure.reporting {
            let url = try WorkspaceLayout.resolveInput(path)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            if isFolder.boolValue {
                try showFolder(url)
            } else {
                try showFace(url)
            }
        }
    }

    private func showFace(_ url: URL) throws {
        let image = try AlignedFaceImage(contentsOf: url)
        let face = try image.face()
        if json {
            print(String(decoding: try FacesetInfo.json(of: image), as: UTF8.self))
            return
        }
        print("file: \(url.path)")
        print("face type: \(face.faceType.name)")
        if let frame = image.jpeg.frameSize { print("size: \(frame.width)x\(frame.height)") }
        print("landmarks: \(face.landmarks.count)")
        print("source file: \(face.sourceFilename ?? "none")")
        if let rect = face.sourceRect { print("source rect: \(rect.left), \(rect.top), \(rect.right), \(rect.bottom)") }
        print("frame matrix: \(face.imageToFaceMatrix.map { $0.elements.map { String($0) }.joined(separator: " ") } ?? "none")")
        let points = face.xsegPolygons.reduce(0) { $0 + $1.points.count }
        print("XSeg polygons: \(face.xsegPolygons.count) (\(points) points)")
        print("XSeg mask: \(face.xsegMask.map { "\($0.bytes.count) bytes" } ?? "none")")
    }

    private func showFolder(_ url: URL) throws {
        let summary = try FacesetInfo.summary(folder: url)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        func counts(_ values: [String: Int]) -> String {
            values.isEmpty ? "none" : values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        print("folder: \(url.path)")
        print("faces: \(summary.faceCount)")
        print("other images: \(summary.otherImageCount)")
        print("face types: \(counts(summary.faceTypes))")
        print("resolutions: \(counts(summary.resolutions))")
        print("with XSeg polygons: \(summary.facesWithPolygons)")
        print("with XSeg mask: \(summary.facesWithXSegMask)")
        for problem in summary.unreadable { print("unreadable: \(problem)") }
    }
}
