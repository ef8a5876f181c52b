import FaceSet
import Foundation
import Support

/// One run of DFL's faceset sort (steps 4.2 / 5.2) as a front end asks for it: the CLI's
/// `sort` and `masque demo` build one and call `run`. Options are declared once in
/// `FacesetSortRequest.Options`; every method comes from the one `SortMethodTable`, and a
/// method that needs a face recognition model (`identity`) gets one here.
public struct FacesetSortRequest: Sendable {
    /// The aligned faceset folder to sort in place.
    public var folder: URL
    /// DFL's method name (`SortMethodTable`).
    public var method = SortMethodTable.defaultName
    /// `final` / `final-fast`: how many faces to keep.
    public var targetFaceCount = 2000
    /// `absdiff`: by similarity (DFL's default) or dissimilarity.
    public var bySimilarity = true
    /// `identity`: largest dlib embedding distance still counted as the same person.
    public var identityThreshold = Double(FaceEmbedding.samePersonDistance)

    /// The sort options, with DFL's names and questions (`mainscripts/Sorter.py`).
    public enum Options {
        public static let method = OptionDescriptor(
            "method", prompt: "Choose sorting method", help: "Sort method (DFL's names, plus identity)",
            kind: .choice(values: SortMethodTable.names), default: .string(SortMethodTable.defaultName))
        public static let targetCount = OptionDescriptor(
            "target_count", prompt: "Target number of faces", help: "final / final-fast: how many faces to keep",
            kind: .int(range: 1...BestFacesSort.largestTargetCount), default: .int(2000))
        /// identity: `FaceEmbedding`'s threshold, as extraction declares it.
        public static let identityThreshold = FaceEmbedding.thresholdOption
    }

    public init(folder: URL) {
        self.folder = folder
    }

    /// The method `method` names.
    public func sortMethod() throws -> any SortMethod {
        try SortMethodTable.method(named: method)
    }

    /// Checks the options against their declarations, loads the face recognition model when
    /// the method needs one, sorts the folder and applies the result.
    public func run(store: ModelStore = .standard()) throws -> FacesetSorter.Report {
        let sortMethod = try sortMethod()
        _ = try Options.targetCount.checked(.int(targetFaceCount))
        _ = try Options.identityThreshold.checked(.double(identityThreshold))
        let embedder = sortMethod.needsIdentityEmbedder
            ? try FaceEmbedder(contentsOf: try store.file(for: ModelCatalog.dlibFaceEmbedding)) : nil
        let options = SortOptions(targetFaceCount: targetFaceCount, absoluteDifferenceBySimilar: bySimilarity,
                                  identityThreshold: identityThreshold, identityEmbedder: embedder)
        return try FacesetSorter.sort(folder: folder, method: sortMethod, options: options)
    }
}
