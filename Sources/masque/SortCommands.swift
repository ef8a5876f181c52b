import ArgumentParser
import FaceAnalysis
import FaceSet
import Foundation

/// `masque sort DIR --method NAME`: DFL's faceset sorting (steps 4.2 / 5.2).
struct Sort: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sort an aligned faceset in place: renames to 00000.jpg… in the new order, moves rejects to <dir>_trash.",
        discussion: "As in DFL, the images already in <dir>_trash are deleted when a sort trashes faces; the output counts them. Methods: " + FacesetSortMethods.methods.map { "\($0.name) (\($0.summary))" }.joined(separator: ", ") + ".")

    @Argument(help: "The aligned faceset folder, e.g. workspace/data_src/aligned.")
    var folder: String

    @Option(help: "Sort method (DFL's names, plus identity).")
    var method: String = SortMethodTable.defaultName

    @Option(help: "final / final-fast: how many faces to keep.")
    var targetCount: Int = 2000

    @Flag(help: "absdiff: order by dissimilarity instead of similarity.")
    var dissimilar = false

    @Option(help: "identity: largest dlib embedding distance still counted as the same person.")
    var identityThreshold: Float = FaceEmbedding.samePersonDistance

    func run() throws {
        try CommandFailure.reporting {
            let url = URL(fileURLWithPath: folder)
            guard identityThreshold > 0, identityThreshold.isFinite else {
                throw ValidationError("--identity-threshold must be a positive distance (got \(identityThreshold))")
            }
            let sortMethod: any SortMethod = method.lowercased() == "identity"
                ? IdentitySort(threshold: identityThreshold) : try FacesetSortMethods.method(named: method)
            let report = try FaceSetSorter.sort(folder: url, method: sortMethod,
                                                options: SortOptions(targetFaceCount: targetCount, absoluteDifferenceBySimilar: !dissimilar))
            print("sorted \(report.applied.renamedFiles.count) faces by \(sortMethod.name) in \(url.path)")
            if sortMethod is IdentitySort { printPeople(report) }
            if let trash = report.applied.trashFolder {
                let replaced = report.applied.replacedTrash > 0
                    ? " (its \(report.applied.replacedTrash) images from an earlier sort were deleted first)" : ""
                print("moved \(report.applied.trashedFiles.count) faces to \(trash.path)\(replaced)")
            }
        }
    }

    /// One line per person found by the identity sort: how many faces and which files.
    private func printPeople(_ report: FaceSetSorter.Report) {
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

    @Option(help: "Strength 1 (only near-identical pictures) to 5 (loosely similar).")
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
