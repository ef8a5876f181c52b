import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Support
import Tensors

/// `masque xseg apply` and `masque xseg generic` (DFL's `xseg apply`,
/// `mainscripts/XSegUtil.py apply_xseg`): an XSeg model run on every aligned face of a folder, its
/// mask stored in each face's metadata (`xseg_mask`, reference §1.4) with every other key kept.
///
/// The model's face type comes from its options (`XSeg_data.dat`, or Masque's save) when it has
/// one, else from `faceType` (DFL asks, `same` by default: no warp). Faces go through
/// `XSegApplyPipeline` in batches; the stored mask is the model's resolution (256 for DFL's),
/// binarised, encoded as DFL's `set_xseg_mask` does (PNG, or a JPEG within 50,000 bytes). Faces
/// are written atomically; a rerun computes every mask again and rewrites only faces whose mask
/// changed, so after an interruption it redoes nothing that was finished.
public struct XSegApplyRequest: Sendable {
    /// The face type DFL asks for when the model does not say (`h mf f wf head same`).
    public static let faceTypeOption = OptionDescriptor(
        "face_type", prompt: "XSeg model face type",
        help: "Face type the XSeg model was trained on, used when its XSeg_data.dat does not say: faces of another type are warped to it and back; same applies the model to each face as it is",
        kind: .choice(values: FacesetResizeOptions.faceTypes.compactMap(\.shortName) + ["same"]), default: .string("same"))

    /// The folder of aligned faces.
    public var folder: URL
    /// The folder of the XSeg model (`XSeg_256.npy` with or without `XSeg_data.dat`, or Masque's `XSeg/` save).
    public var modelFolder: URL
    /// The model's face type when its options do not name one; nil: `same`.
    public var faceType: FaceType?
    /// Where the network runs.
    public var device: Device = .cpu
    /// Faces read, run and written together.
    public var batchSize = 32

    public init(folder: URL, modelFolder: URL, faceType: FaceType? = nil) {
        self.folder = folder
        self.modelFolder = modelFolder
        self.faceType = faceType
    }

    /// The face type `text` names for `faceTypeOption`: `h mf f wf head`, or nil for `same`.
    public static func faceType(option text: String) throws(OptionError) -> FaceType? {
        let value = try faceTypeOption.checked(.string(text))
        return value.stringValue == "same" ? nil : value.stringValue.flatMap(FaceType.init(option:))
    }

    /// What an apply did.
    public struct Report: Sendable {
        /// The faces written, left as they were, and skipped (not aligned faces).
        public var faces: AlignedFolderEdit.Report
        /// The face type the model was applied as (nil: `same`).
        public var modelFaceType: FaceType?
        /// Where the face type came from, and what was overridden.
        public var notes: [String]
    }

    /// Opens the model, then masks every face; `progress(done, total)` counts images.
    public func run(progress: @escaping ProgressUpdate = { _, _ in }) throws -> Report {
        let (model, modelFaceType, notes) = try openModel()
        try model.network.move(to: device)
        let resolution = model.network.resolution
        let wanted = modelFaceType
        let faces = try AlignedFolderEdit.run(folder: folder, batchSize: batchSize, progress: progress) { faces in
            let inputs = try ParallelMap.map(faces) { face throws(FacesetError) -> XSegApplyPipeline.Input in
                let image: Image
                do {
                    image = try Image(encoded: Data(face.bytes), mode: .color, source: face.url.path)
                } catch {
                    throw FacesetError(file: face.url.path, reason: "cannot be decoded as an image (\(error)); re-extract or remove it")
                }
                return try XSegApplyPipeline.input(image, face: face.face, modelFaceType: wanted, resolution: resolution,
                                                   sourceName: face.url.path)
            }
            guard !inputs.isEmpty else { return [] }
            let pixels = inputs.flatMap { $0.image.pixels(as: Float.self) }
            let batch = Tensor(pixels, shape: [inputs.count, resolution, resolution, 3]).permuted([0, 3, 1, 2]).contiguous()
            let masks = model.masks(batch.to(device: device)).to(device: .cpu).contiguous().floats()
            let plane = resolution * resolution
            return try ParallelMap.map(faces.count) { index throws(FacesetError) -> AlignedFace? in
                let mask = Image(width: resolution, height: resolution, channels: 1,
                                 pixels: Array(masks[(index * plane)..<((index + 1) * plane)]))
                let stored = XSegApplyPipeline.storedMask(mask, input: inputs[index], resolution: resolution)
                let encoded: EncodedXSegMask
                do {
                    encoded = try EncodedXSegMask(encoding: stored)
                } catch {
                    throw FacesetError(file: faces[index].url.path, reason: "its mask cannot be encoded (\(error))")
                }
                guard encoded != faces[index].face.xsegMask else { return nil }
                var face = faces[index].face
                face.xsegMask = encoded
                return face
            }
        }
        return Report(faces: faces, modelFaceType: modelFaceType, notes: notes)
    }

    /// The XSeg model of `modelFolder` and the face type to apply it as.
    private func openModel() throws -> (XSegModel, FaceType?, [String]) {
        guard PathKind.of(modelFolder) == .folder else {
            throw FacesetError(file: modelFolder.path, reason: "is not a folder; give the folder of an XSeg model (XSeg_256.npy, e.g. DFL's _internal/model_generic_xseg)")
        }
        guard SavedModel.kinds(in: modelFolder).contains(.xseg) else {
            throw FacesetError(file: modelFolder.path, reason: "holds no XSeg model (XSeg_256.npy or Masque's XSeg/ save); copy DFL's XSeg model folder there, or point at the folder of one")
        }
        let opened = try OpenedModel.open(in: modelFolder, kind: .xseg, name: nil)
        guard case .xseg(let model) = opened.network else {
            throw FacesetError(file: modelFolder.path, reason: "holds a model that did not open as XSeg; point at the folder of an XSeg model")
        }
        guard let stored = opened.state.options["face_type"] else {
            return (model, faceType, faceType.map { ["the model does not say its face type: applied as \($0.shortName ?? $0.name)"] } ?? [])
        }
        guard let storedType = stored.stringValue.flatMap(FaceType.init(option:)) else {
            throw FacesetError(file: modelFolder.path, reason: "holds an XSeg model whose face_type '\(stored)' is not h, mf, f, wf or head; fix or remove XSeg_data.dat")
        }
        var notes = ["the model was trained on \(storedType.shortName ?? storedType.name) faces (its options): faces of other types are warped to that crop and back"]
        if let faceType, faceType != storedType {
            notes.append("--face-type \(faceType.shortName ?? faceType.name) ignored: the model's own face type counts")
        }
        return (model, storedType, notes)
    }
}
