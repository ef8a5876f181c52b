import Imaging

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
    /// Whether the method needs `SortOptions.identityEmbedder` (a face recognition model).
    var needsIdentityEmbedder: Bool { get }
}

extension SortMethod {
    public var needsIdentityEmbedder: Bool { false }
}

/// The answers DFL asks for interactively.
public struct SortOptions: Sendable {
    /// `final` / `final-fast`: "Target number of faces?" (DFL's default 2000).
    public var targetFaceCount: Int
    /// `absdiff`: "Sort by similar?" (DFL's default yes); false sorts by dissimilarity.
    public var absoluteDifferenceBySimilar: Bool
    /// `identity`: the largest embedding distance still counted as the same person (dlib's 0.6).
    public var identityThreshold: Double
    /// `identity`: the face recognition model that embeds each face (FaceAnalysis's `FaceEmbedder`).
    public var identityEmbedder: (any FaceIdentityEmbedder)?

    public init(targetFaceCount: Int = 2000, absoluteDifferenceBySimilar: Bool = true, identityThreshold: Double = 0.6,
                identityEmbedder: (any FaceIdentityEmbedder)? = nil) {
        self.targetFaceCount = targetFaceCount
        self.absoluteDifferenceBySimilar = absoluteDifferenceBySimilar
        self.identityThreshold = identityThreshold
        self.identityEmbedder = identityEmbedder
    }
}

/// A face recognition model, for the identity sort: the embedding of the face whose 68
/// landmarks (pixels of `image`) are given. Faces of one person lie close together.
public protocol FaceIdentityEmbedder: Sendable {
    func identityEmbedding(of image: Image, landmarks: [SIMD2<Float>]) throws -> [Float]
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
