import Foundation
import Support

/// Why a sort or dedupe could not run. `description` is one line naming the file or folder
/// and the fix; nothing in the folder has been moved when one is thrown before moving starts.
public enum SortError: MasqueError, Sendable, Hashable {
    /// No sort method has this name.
    case unknownMethod(String)
    /// An image could not be decoded.
    case unreadableImage(path: String, reason: String)
    /// A DFL face carries landmarks that are not the 68-point layout sorting needs.
    case badLandmarks(path: String, count: Int)
    /// Images that must be compared pixel by pixel have different sizes.
    case sizeMismatch(path: String, expected: String, found: String)
    /// The best-faces target count keeps no face.
    case targetCountTooSmall(Int)
    /// The best-faces target count is above the largest the sort handles.
    case targetCountTooLarge(Int, largest: Int)
    /// A dedupe level outside 1…5.
    case unknownDedupeLevel(Int)
    /// Moving or renaming would overwrite a file that is not part of the result.
    case wouldOverwrite(path: String)
    /// The identity sort ran without a face recognition model.
    case noIdentityEmbedder
    /// A file could not be moved or renamed.
    case moveFailed(from: String, to: String, reason: String)

    public var message: String {
        switch self {
        case .unknownMethod(let name):
            "unknown sort method '\(name)'; use one of: \(SortMethodTable.names.joined(separator: ", "))"
        case .unreadableImage(let path, let reason):
            "\(path): cannot read the image (\(reason)); replace or remove the file and run the command again"
        case .badLandmarks(let path, let count):
            "\(path): metadata has \(count) landmarks, sorting needs 68; re-extract the face or remove it"
        case .sizeMismatch(let path, let expected, let found):
            "\(path) is \(found) but the other images are \(expected); resize the faceset to one size first"
        case .targetCountTooSmall(let count):
            "target count \(count) keeps no face (the per-yaw quota round(count/128) is 0); use at least 65"
        case .targetCountTooLarge(let count, let largest):
            "target count \(count) is more than the sort handles; use 65 to \(largest)"
        case .unknownDedupeLevel(let level):
            "dedupe level \(level) does not exist; use 1 (strictest) to 5 (loosest)"
        case .wouldOverwrite(let path):
            "\(path) already exists and is not part of this result; move it away and run again"
        case .noIdentityEmbedder:
            "the identity sort needs dlib's face recognition model; run it with masque sort, which loads it (masque models fetch)"
        case .moveFailed(let from, let to, let reason):
            "cannot move \(from) to \(to) (\(reason)); check the folder's permissions and free space"
        }
    }
}
