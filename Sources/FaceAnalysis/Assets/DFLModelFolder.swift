import DFLFormats
import FaceGeometry
import Foundation

/// A user's DeepFaceLab weights, given by `--dfl-models DIR`: `S3FD.npy`, `2DFAN.npy` and
/// `3DFAN.npy` in DIR or in DIR/facelib (where DeepFaceLab keeps them).
public struct DFLModelFolder: Sendable {
    /// DeepFaceLab's extraction networks.
    public enum Model: String, Sendable, CaseIterable {
        /// The face detector.
        case s3fd = "S3FD.npy"
        /// The 2D landmarker (every face type but head).
        case fan2D = "2DFAN.npy"
        /// The 3D landmarker's 2D projection (head and mark_only extraction).
        case fan3D = "3DFAN.npy"

        /// The file name DeepFaceLab uses.
        public var fileName: String { rawValue }
    }

    /// The folder given by the user.
    public let url: URL

    /// The folder `url`; it must exist.
    public init(_ url: URL) throws(DFLModelError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DFLModelError("--dfl-models folder not found: \(url.path) (give DeepFaceLab's _internal/DeepFaceLab folder or its facelib folder)")
        }
        self.url = url
    }

    /// The places a model's file is looked for, in order.
    public func candidates(for model: Model) -> [URL] {
        [url.appendingPathComponent(model.fileName), url.appendingPathComponent("facelib").appendingPathComponent(model.fileName)]
    }

    /// The file of `model`: DIR/<file>, else DIR/facelib/<file>.
    public func file(for model: Model) throws(DFLModelError) -> URL {
        guard let found = candidates(for: model).first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw DFLModelError("\(model.fileName) not found in \(url.path) or \(url.path)/facelib (copy it from DeepFaceLab's facelib folder)")
        }
        return found
    }

    /// The landmarker file DFL's extractor loads for `faceType`: `3DFAN.npy` from head up (head,
    /// head_no_align and mark_only), else `2DFAN.npy`.
    public static func landmarkModel(for faceType: FaceType) -> Model {
        faceType.rawValue >= FaceType.head.rawValue ? .fan3D : .fan2D
    }
}
