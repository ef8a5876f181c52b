import ArgumentParser
import FaceSet
import Foundation
import Models
import Support
import Tensors
import Workspace

/// `masque xseg …`: DFL's step 5.XSeg (`main.py xseg …`, `mainscripts/XSegUtil.py`) — masks
/// applied to and removed from aligned faces, labelled faces fetched, labels exchanged as JSON.
struct XSeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xseg",
        abstract: "Train the XSeg mask model; apply, remove and fetch XSeg masks and labels of aligned faces; exchange labels as JSON.",
        subcommands: [XSegTrain.self, ApplyXSeg.self, GenericXSeg.self, RemoveXSeg.self, RemoveXSegLabels.self, FetchXSeg.self, XSegLabelsCommand.self])

    /// Prints the faces skipped (not aligned faces) as one warning line.
    static func warnSkipped(_ skipped: [String], in folder: URL) {
        guard let first = skipped.first else { return }
        FileHandle.standardError.write(Data("masque: warning: skipped \(skipped.count) images in \(folder.path) that are not aligned faces with DFL metadata (the first \(first))\n".utf8))
    }
}

/// The folder of aligned faces an `xseg` command works on: the workspace's src or dst faceset, or any folder.
struct XSegFolderSelection: ParsableArguments {
    @Argument(help: "src or dst: workspace/data_src/aligned or workspace/data_dst/aligned; or give --input.")
    var which: WorkspaceSide?

    @Option(help: "A folder of aligned faces (instead of src|dst).")
    var input: String?

    @Option(help: "The workspace folder.")
    var workspace: String = "workspace"

    var layout: WorkspaceLayout { WorkspaceLayout(root: URL(fileURLWithPath: workspace)) }

    /// The folder, which must exist.
    func folder() throws -> URL {
        switch (which, input) {
        case (let side?, nil): return try Faceset.folder(side == .src ? layout.sourceAligned.path : layout.destinationAligned.path)
        case (nil, let path?): return try Faceset.folder(path)
        default: throw ValidationError("give src, dst, or --input DIR (not both)")
        }
    }
}

/// What `apply` and `generic` share: the model's face type and the device.
struct XSegApplyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(XSegApplyRequest.faceTypeOption.commandLineHelp))
    var faceType = "same"

    @Option(help: "Compute device: auto, cpu, cuda or cuda:N.")
    var device = "auto"

    func run(folder: URL, modelFolder: URL) throws {
        var request = XSegApplyRequest(folder: folder, modelFolder: modelFolder, faceType: try XSegApplyRequest.faceType(option: faceType))
        request.device = try Device(parsing: device)
        let report = try ProgressReporter.showing("Applying XSeg masks", unit: "faces") { progress in
            try request.run(progress: progress)
        }
        report.notes.forEach { print($0) }
        XSeg.warnSkipped(report.faces.skipped, in: folder)
        print("XSeg masks written into \(report.faces.changed.count) faces in \(folder.path)"
              + (report.faces.unchanged.isEmpty ? "" : " (\(report.faces.unchanged.count) already had this mask)"))
    }
}

/// `masque xseg apply src|dst`: DFL's "5.XSeg) data_src/dst trained mask - apply".
struct ApplyXSeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Run the workspace's XSeg model on every aligned face and store its mask in the face.",
        discussion: """
            The mask is stored as DFL stores it (256x256 PNG in the JPEG's metadata); every other metadata key stays. Faces of \
            another face type than the model's are warped to the model's crop and back. A rerun computes the masks again and \
            rewrites only faces whose mask changed.
            """)

    @OptionGroup var selection: XSegFolderSelection

    @Option(help: "Folder of the XSeg model (default: <workspace>/model).")
    var modelDir: String?

    @OptionGroup var options: XSegApplyOptions

    func run() throws {
        try CommandFailure.reporting {
            let folder = try selection.folder()
            try options.run(folder: folder, modelFolder: modelDir.map { URL(fileURLWithPath: $0) } ?? selection.layout.model)
        }
    }
}

/// `masque xseg generic src|dst --model DIR`: DFL's "5.XSeg Generic) … whole_face mask - apply".
struct GenericXSeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generic", abstract: "Apply a given XSeg model folder, e.g. DFL's generic whole-face model, to every aligned face.",
        discussion: "DFL's generic model (_internal/model_generic_xseg) holds XSeg_256.npy alone and was trained on whole_face faces: for a head or full_face faceset pass --face-type wf.")

    @OptionGroup var selection: XSegFolderSelection

    @Option(help: "Folder of the XSeg model (XSeg_256.npy).")
    var model: String

    @OptionGroup var options: XSegApplyOptions

    func run() throws {
        try CommandFailure.reporting {
            try options.run(folder: try selection.folder(), modelFolder: URL(fileURLWithPath: model))
        }
    }
}

/// `masque xseg remove src|dst`: DFL's "5.XSeg) … trained mask - remove".
struct RemoveXSeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove the applied XSeg masks from every aligned face (labels stay).")

    @OptionGroup var selection: XSegFolderSelection

    func run() throws {
        try CommandFailure.reporting {
            let folder = try selection.folder()
            let report = try ProgressReporter.showing("Removing XSeg masks", unit: "faces") { progress in
                try XSegRemoval.masks.run(folder: folder, progress: progress)
            }
            XSeg.warnSkipped(report.skipped, in: folder)
            print("XSeg masks removed from \(report.changed.count) faces in \(folder.path) (\(report.unchanged.count) had none)")
        }
    }
}

/// `masque xseg remove-labels src|dst`: DFL's "5.XSeg) … mask - remove" (`xseg remove_labels`).
struct RemoveXSegLabels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-labels", abstract: "Delete the XSeg label polygons of every aligned face (asks first, or --yes).")

    @OptionGroup var selection: XSegFolderSelection

    @Flag(help: "Delete without asking.")
    var yes = false

    func run() throws {
        try CommandFailure.reporting {
            let folder = try selection.folder()
            let report = try ProgressReporter.showing("Removing XSeg labels", unit: "faces") { progress in
                try XSegRemoval.labels.run(folder: folder, consent: ReplaceConsent(force: yes), progress: progress)
            }
            XSeg.warnSkipped(report.skipped, in: folder)
            print("XSeg labels removed from \(report.changed.count) faces in \(folder.path) (\(report.unchanged.count) had none)")
        }
    }
}

/// `masque xseg fetch src|dst`: DFL's "5.XSeg) … mask - fetch".
struct FetchXSeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Copy the aligned faces that carry XSeg labels into <aligned>_xseg beside the folder.")

    @OptionGroup var selection: XSegFolderSelection

    @Flag(help: "Delete the copied faces from the folder afterwards (DFL asks, yes by default).")
    var deleteOriginals = false

    @Flag(help: "Replace faces in <aligned>_xseg that differ from the labelled face of the same name without asking.")
    var force = false

    func run() throws {
        try CommandFailure.reporting {
            let folder = try selection.folder()
            let report = try ProgressReporter.showing("Fetching labelled faces", unit: "faces") { progress in
                try XSegFetch.run(folder: folder, deleteOriginals: deleteOriginals, consent: ReplaceConsent(force: force), progress: progress)
            }
            XSeg.warnSkipped(report.skipped, in: folder)
            print("\(report.copied.count) labelled faces copied to \(report.output.path)"
                  + (report.alreadyCopied.isEmpty ? "" : " (\(report.alreadyCopied.count) were already there)")
                  + (deleteOriginals ? "; \(report.deleted) originals deleted" : ""))
        }
    }
}

/// `masque xseg labels export|import`: the label polygons to and from a JSON file.
struct XSegLabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels", abstract: "Export the XSeg label polygons of a folder to JSON, or import them from it.",
        subcommands: [ExportXSegLabels.self, ImportXSegLabels.self])
}

struct ExportXSegLabels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every face's polygons (aligned-image pixels, include/exclude, DFL's order) to a JSON file keyed by file name.")

    @OptionGroup var selection: XSegFolderSelection

    @Option(help: "The JSON file to write.")
    var file: String

    func run() throws {
        try CommandFailure.reporting {
            let folder = try selection.folder()
            let (labels, skipped) = try XSegLabels.export(folder: folder, to: URL(fileURLWithPath: file))
            XSeg.warnSkipped(skipped, in: folder)
            let labelled = labels.faces.values.filter { !$0.polygons.isEmpty }.count
            print("labels of \(labels.faces.count) faces (\(labelled) labelled) written to \(file)")
        }
    }
}

struct ImportXSegLabels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write the polygons of a JSON file into the faces it names (an empty list removes a face's labels).")

    @OptionGroup var selection: XSegFolderSelection

    @Option(help: "The JSON file to read (as labels export writes it).")
    var file: String

    func run() throws {
        try CommandFailure.reporting {
            let folder = try selection.folder()
            let report = try ProgressReporter.showing("Importing XSeg labels", unit: "faces") { progress in
                try XSegLabels.importLabels(from: URL(fileURLWithPath: file), into: folder, progress: progress)
            }
            XSeg.warnSkipped(report.skipped, in: folder)
            print("labels written into \(report.changed.count) faces in \(folder.path) (\(report.unchanged.count) unchanged)")
        }
    }
}
