/// One of DFL's sort methods (reference §3): orders the images of a folder and picks the
/// ones to move to the trash folder. Conforming types are registered in `SortMethodTable`.
public protocol SortMethod: Sendable {
    /// DFL's key for the method (`blur`, `hist`, `final`, ...).
    var name: String { get }
    /// DFL's menu description ("blur", "histogram similarity", ...).
    var summary: String { get }
    /// Whether the method looks at DFL metadata; when false, callers may skip reading it and
    /// pass every face with nil metadata.
    var readsMetadata: Bool { get }
    /// Sorts `faces` (in incoming order: sorted file paths). Methods that score images use
    /// every core; ties keep the incoming order.
    func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome
}

/// The answers DFL asks for interactively.
public struct SortOptions: Sendable, Hashable {
    /// `final` / `final-fast`: "Target number of faces?" (DFL's default 2000).
    public var targetFaceCount: Int
    /// `absdiff`: "Sort by similar?" (DFL's default yes); false sorts by dissimilarity.
    public var absoluteDifferenceBySimilar: Bool

    public init(targetFaceCount: Int = 2000, absoluteDifferenceBySimilar: Bool = true) {
        self.targetFaceCount = targetFaceCount
        self.absoluteDifferenceBySimilar = absoluteDifferenceBySimilar
    }
}

/// What a sort decided, as indices into the faces it was given: `kept` in their new order
/// (they are renamed 00000, 00001, ... in this order) and `trashed` (moved to the trash
/// folder). Faces in neither list stay untouched. `scores` holds each face's sort key where
/// the method has one (nil elsewhere).
public struct SortOutcome: Sendable, Hashable {
    public var kept: [Int]
    public var trashed: [Int]
    public var scores: [Double?]

    public init(kept: [Int], trashed: [Int], scores: [Double?]) {
        self.kept = kept
        self.trashed = trashed
        self.scores = scores
    }
}
