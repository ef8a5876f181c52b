import ArgumentParser
import FaceAnalysis
import FaceSet
import Foundation

/// `masque sort DIR --method NAME`: DFL's faceset sorting (steps 4.2 / 5.2).
struct Sort: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sort an aligned faceset in place: renames to 00000.jpg… in the new order, moves rejects to <dir>_trash.",
        discussion: "As in DFL, the images already in <dir>_trash are deleted when a sort trashes faces; the output counts them. Methods: " + SortMethodTable.methods.map { "\($0.name) (\($0.summary))" }.joined(separator: ", ") + ".")

    @Argument(help: "The aligned faceset folder, e.g. workspace/data_src/aligned.")
    var folder: String

    @Option(help: ArgumentHelp(FacesetSortRequest.Options.method.commandLineHelp))
    var method: String = SortMethodTable.defaultName

    @Option(parsing: .unconditional, help: ArgumentHelp(FacesetSortRequest.Options.targetCount.commandLineHelp))
    var targetCount: Int = 2000

    @Flag(help: "absdiff: order by dissimilarity instead of similarity.")
    var dissimilar = false

    @Option(parsing: .unconditional, help: ArgumentHelp(FacesetSortRequest.Options.identityThreshold.commandLineHelp))
    var identityThreshold = Double(FaceEmbedding.samePersonDistance)

    func run() throws {
        try CommandFailure.reporting {
            let url = URL(fileURLWithPath: folder)
            var request = FacesetSortRequest(folder: url)
            request.method = method
            request.targetFaceCount = targetCount
            request.bySimilarity = !dissimilar
            request.identityThreshold = identityThreshold
            let sortMethod = try request.sortMethod()
            let report = try request.run()
            print("sorted \(report.applied.renamedFiles.count) faces by \(sortMethod.name) in \(url.path)")
            if sortMethod.needsIdentityEmbedder { printPeople(report) }
            if let trash = report.applied.trashFolder {
                let replaced = report.applied.replacedTrash > 0
                    ? " (its \(report.applied.replacedTrash) images from an earlier sort were deleted first)" : ""
                print("moved \(report.applied.trashedFiles.count) faces to \(trash.path)\(replaced)")
            }
        }
    }

    /// One line per person found by the identity sort: how many faces and which files.
    private func printPeople(_ report: FacesetSorter.Report) {
        let groups = report.outcome.kept.map { report.outcome.scores[$0].map { Int($0) } ?? -1 }
        var start = 0
        while start < groups.count {
            var end = start
            while end + 1 < groups.count, groups[end + 1] == groups[start] { end += 1 }
            let files = report.applied.renamedFiles
            print("person \(groups[start] + 1): \(end - start + 1) faces, \(files[start].lastPathComponent)–\(files[end].lastPathComponent)")
            start = end + 1
        }
    }
}

/// `masque dedupe DIR --level N`: near-duplicate faces moved aside, never deleted.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move near-duplicate faces (all but the sharpest of each group) to <dir>_duplicates_level<N>.")

    @Argument(help: "The aligned faceset folder.")
    var folder: String

    @Option(parsing: .unconditional, help: "Strength 1 (only near-identical pictures) to 5 (loosely similar).")
    var level: Int = 2

    func run() throws {
        try CommandFailure.reporting {
            guard let strength = DedupeLevel(rawValue: level) else { throw ValidationError("--level must be 1 to 5") }
            let report = try NearDuplicateFinder.dedupe(folder: URL(fileURLWithPath: folder), level: strength)
            let moved = report.groups.reduce(0) { $0 + $1.duplicates.count }
            print("\(report.groups.count) groups of near-duplicates; \(moved) faces moved"
                  + (report.duplicatesFolder.map { " to \($0.path)" } ?? ""))
        }
    }
}
