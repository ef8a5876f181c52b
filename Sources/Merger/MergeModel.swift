import FaceAnalysis
import FaceGeometry
import Foundation
import Models
import Provenance
import Support
import Tensors

/// The networks a merge runs, opened from a model folder as DFL's merger opens them: the swap
/// model (SAEHD or Quick96, Masque's save or DFL's files) and, when a mask mode needs it, the
/// XSeg model of the same folder (`XSeg_256.npy`, or Masque's `XSeg/` save).
public struct MergeModel: Sendable {
    public var predictor: any FacePredictor
    public var segmenter: (any FaceSegmenter)?
    public var enhancer: (any FaceEnhancer)?
    /// FaceMesh, for `default_mask` mesh on whole_face and head models.
    public var faceMesh: FaceMeshLandmarker?
    /// The model's name, class and iteration, e.g. `demo_SAEHD@300`: what finished frames are
    /// checked against on resume.
    public var identity: String
    /// The synthetic-media label every merged image carries: the model's name and the SHA-256 of
    /// its weight files.
    public var label: SyntheticMediaLabel

    public init(predictor: any FacePredictor, segmenter: (any FaceSegmenter)? = nil, enhancer: (any FaceEnhancer)? = nil,
                faceMesh: FaceMeshLandmarker? = nil, identity: String, label: SyntheticMediaLabel) {
        self.predictor = predictor
        self.segmenter = segmenter
        self.enhancer = enhancer
        self.faceMesh = faceMesh
        self.identity = identity
        self.label = label
    }

    /// The swap model `name` (nil: the only one) of `kind` (nil: the only swap kind there) in
    /// `folder`, on `device`; with the folder's XSeg model when `needsSegmenter`, and Real-ESRGAN
    /// (fetched into the model store when missing) when `needsEnhancer`, and FaceMesh when
    /// `needsFaceMesh` and the model is whole_face or head. An AMP model swaps at
    /// `morph` (nil: 1, DFL's default; outside 0–1 refused); other models refuse one.
    public static func open(folder: URL, kind: TrainingRequest.ModelKind? = nil, name: String? = nil, device: Device = .cpu,
                            morph: Double? = nil, needsSegmenter: Bool, needsEnhancer: Bool = false, needsFaceMesh: Bool = false,
                            store: ModelStore = .standard()) throws -> MergeModel {
        guard PathKind.of(folder) == .folder else {
            throw MergerError("\(folder.path) is not a model folder: train a model first (masque train saehd) or give --model-dir")
        }
        let swapKinds = SavedModel.kinds(in: folder).filter { $0 != .xseg }
        guard let kind = kind ?? (swapKinds.count == 1 ? swapKinds[0] : nil) else {
            throw MergerError(swapKinds.isEmpty
                ? "\(folder.path) holds no trained SAEHD, Quick96 or AMP model: train one first (masque train saehd) or give the folder of one (or merge with a .dfm file: --dfm)"
                : "\(folder.path) holds \(swapKinds.map(\.className).joined(separator: " and ")) models: choose one with --kind")
        }
        guard kind != .xseg else {
            throw MergerError("an XSeg model cannot merge faces: give --kind saehd, quick96 or amp (the XSeg model of the folder is used for the XSeg mask modes)")
        }
        let opened = try OpenedModel.open(in: folder, kind: kind, name: name)
        let predictor: any FacePredictor
        var identitySuffix = ""
        switch opened.network {
        case .swap(let model):
            guard morph == nil else { throw MergerError("--morph is for AMP models; \(folder.path)'s \(kind.className) model has no morph factor (leave --morph out)") }
            predictor = try SwapModelPredictor(model: model, device: device)
        case .amp(let model):
            let value = try ModelPrediction.checkedMorph(morph)
            predictor = try AMPPredictor(model: model, morph: value, device: device)
            identitySuffix = "~morph\(value)"
        case .xseg:
            throw MergerError("\(folder.path): the \(kind.className) model did not open as a swap model")
        }
        var segmenter: (any FaceSegmenter)?
        if needsSegmenter {
            guard SavedModel.kinds(in: folder).contains(.xseg) else {
                throw MergerError("\(folder.path) has no XSeg model, which the XSeg mask modes need: train one (masque xseg train), copy DFL's XSeg_256.npy there, or choose mask mode learned-prd*learned-dst")
            }
            let xseg = try OpenedModel.open(in: folder, kind: .xseg, name: nil)
            guard case .xseg(let xsegModel) = xseg.network else {
                throw MergerError("\(folder.path): its XSeg model did not open as XSeg")
            }
            segmenter = try XSegSegmenter(model: xsegModel, device: device)
        }
        let name = "\(opened.saved.name)_\(kind.className)"
        let weights: String
        switch opened.saved.format {
        case .masque: weights = try WeightsDigest.sha256(ofFolder: opened.saveFolder)
        case .dfl:
            let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasPrefix(name + "_") && $0.pathExtension == "npy" }
            weights = try WeightsDigest.sha256(ofFiles: files)
        }
        let enhancer: (any FaceEnhancer)? = needsEnhancer ? try SuperResolution(store: store, device: device) : nil
        return MergeModel(predictor: predictor, segmenter: segmenter, enhancer: enhancer,
                          faceMesh: try faceMesh(needsFaceMesh, faceType: predictor.faceType, store: store, device: device),
                          identity: "\(name)@\(opened.state.iteration)\(identitySuffix)",
                          label: SyntheticMediaLabel(modelName: name, weightsSHA256: weights))
    }

    /// A `.dfm` file as the swap model (no XSeg model: the learned masks only), on `device`; AMP
    /// files swap at `morph` (nil: 1; outside 0–1 refused); `faceType` overrides the file name's guess.
    public static func open(dfm url: URL, device: Device = .cpu, morph: Double? = nil, faceType: FaceType? = nil,
                            needsSegmenter: Bool, needsEnhancer: Bool = false, needsFaceMesh: Bool = false,
                            store: ModelStore = .standard()) throws -> MergeModel {
        guard !needsSegmenter else {
            throw MergerError("merging with \(url.lastPathComponent) has no XSeg model for the XSeg mask modes: choose mask mode learned-prd*learned-dst (--set mask_mode=...), or merge with a model folder")
        }
        let model = try DFMModel(contentsOf: url, device: device, faceType: faceType)
        guard model.takesMorph || morph == nil else {
            throw MergerError("--morph is for AMP .dfm files; \(url.lastPathComponent) takes no morph_value:0 (leave --morph out)")
        }
        let value = try ModelPrediction.checkedMorph(morph)
        let name = url.deletingPathExtension().lastPathComponent
        let predictor = DFMPredictor(model: model, morph: value)
        return MergeModel(predictor: predictor, enhancer: needsEnhancer ? try SuperResolution(store: store, device: device) : nil,
                          faceMesh: try faceMesh(needsFaceMesh, faceType: predictor.faceType, store: store, device: device),
                          identity: "\(name).dfm" + (model.takesMorph ? "~morph\(value)" : ""),
                          label: SyntheticMediaLabel(modelName: name, weightsSHA256: try WeightsDigest.sha256(ofFiles: [url])))
    }

    /// FaceMesh when `needed` and faces of `faceType` take the mesh hull; nil otherwise.
    private static func faceMesh(_ needed: Bool, faceType: FaceType, store: ModelStore, device: Device) throws -> FaceMeshLandmarker? {
        needed && DefaultFaceMask.mesh.usesMesh(for: faceType) ? try FaceMeshLandmarker(store: store, device: device) : nil
    }
}
