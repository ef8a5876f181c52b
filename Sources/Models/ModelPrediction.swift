import DFLFormats
import FaceGeometry
import Foundation
import Imaging
import Support
import Tensors
import Training

/// `masque model predict`: a model run from the outside on chosen faces. Every input face goes
/// through a swap model as src and as dst, giving every output DFL's merger and previews use,
/// under the names of DFL's training graph: `src_src` and `src_srcm` (the face as src,
/// reconstructed, and its learned mask), `dst_dst` and `dst_dstm`, `src_dst` and `src_dstm` (the
/// face swapped to src, and the swap's mask). An AMP model gives DFL's `AE_merge` at a morph
/// value (`dst_dst`, `dst_dstm`, `src_dst`, `src_dstm`). An XSeg model gives one output, `mask`.
public enum ModelPrediction {
    /// The outputs of a swap model, in DFL's order.
    public static let outputs = ["src_src", "src_srcm", "dst_dst", "dst_dstm", "src_dst", "src_dstm"]
    /// The outputs of an AMP model.
    public static let ampOutputs = ["dst_dst", "dst_dstm", "src_dst", "src_dstm"]
    /// AMP's morph value when none is given (DFL's merger default).
    public static let defaultMorph = 1.0
    /// The output of an XSeg model.
    public static let xsegOutput = "mask"

    /// The six outputs for `faces` (N, 3, R, R), BGR in [0, 1], by name.
    public static func run(_ model: SAEHDModel, faces: Tensor) -> [String: Tensor] {
        let result = withoutGradients { model.network(source: faces, destination: faces) }
        return ["src_src": result.sourceFace, "src_srcm": result.sourceMask, "dst_dst": result.destinationFace,
                "dst_dstm": result.destinationMask, "src_dst": result.swappedFace!, "src_dstm": result.swappedMask!]
    }

    /// AMP's outputs for `faces` at morph value `morph` (0–1): dst→dst, its mask, and the swap
    /// (DFL's `AE_merge`) with its mask.
    public static func run(_ model: AMPModel, faces: Tensor, morph: Double) -> [String: Tensor] {
        withoutGradients {
            let decoded = model.network.swaps(faces, morphValues: [morph])
            return ["dst_dst": decoded[1].face, "dst_dstm": decoded[1].mask, "src_dst": decoded[0].face, "src_dstm": decoded[0].mask]
        }
    }

    /// `morph` checked: nil gives `defaultMorph`; a value outside 0–1 throws one line.
    public static func checkedMorph(_ morph: Double?) throws -> Double {
        guard let morph else { return defaultMorph }
        guard (0...1).contains(morph) else {
            throw OptionError("--morph \(morph) is outside 0–1: give the share of src's code in the swap, e.g. 0.75")
        }
        return morph
    }

    /// Runs `network` on each input and writes its outputs into `folder`: an image gives
    /// `<stem>_<output>.png`; a `.npy` array (N, R, R, 3) float32 BGR in [0, 1], as DFL feeds its
    /// networks (R: the model's resolution, 256 for DFL's XSeg), gives `<stem>_<output>.npy` in the
    /// same layout (N, R, R, 3 or 1). A swap model brings an aligned face to its face type from the
    /// landmarks and resizes any other image. An XSeg model takes the image as it is, resized to R
    /// with Lanczos-4 when its size differs (DFL's `xseg apply` for a faceset of the model's face
    /// type), and both its PNG and `.npy` masks are `XSegModel.masks`' (DFL's `XSegNet.extract`:
    /// clipped to [0, 1], values below 0.1 set to 0). Returns the files written.
    /// AMP models run at `morph` (nil: 1; outside 0–1 refused); other models refuse a morph value.
    public static func predict(_ network: OpenedModel.Network, inputs: [URL], into folder: URL, morph: Double? = nil) throws -> [URL] {
        if case .amp = network {} else if morph != nil {
            throw OptionError("--morph is for AMP models; this model has no morph factor (leave --morph out)")
        }
        switch network {
        case .swap(let model):
            let resolution = model.network.dimensions.resolution
            return try predict(inputs: inputs, into: folder, resolution: resolution,
                               image: { try imageFace($0, resolution: resolution, faceType: model.faceType).tensor() },
                               outputs: { run(model, faces: $0) })
        case .amp(let model):
            let (resolution, value) = (model.network.dimensions.resolution, try checkedMorph(morph))
            return try predict(inputs: inputs, into: folder, resolution: resolution,
                               image: { try imageFace($0, resolution: resolution, faceType: model.faceType).tensor() },
                               outputs: { run(model, faces: $0, morph: value) })
        case .xseg(let model):
            return try predict(inputs: inputs, into: folder, resolution: model.network.resolution,
                        image: { try xsegFace($0, resolution: model.network.resolution).tensor() },
                        outputs: { [xsegOutput: model.masks($0)] })
        }
    }

    private static func predict(inputs: [URL], into folder: URL, resolution: Int, image: (URL) throws -> Tensor,
                                outputs: (Tensor) -> [String: Tensor]) throws -> [URL] {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw FileError.writeFailed(path: folder.path, reason: FileError.reason(error))
        }
        var written: [URL] = []
        for input in inputs {
            try PathKind.requireFile(input)
            let stem = input.deletingPathExtension().lastPathComponent
            if input.pathExtension.lowercased() == "npy" {
                let faces = try arrayFaces(NumpyFile.read(input), resolution: resolution, source: input.path)
                for (name, tensor) in outputs(faces) {
                    let url = folder.appendingPathComponent("\(stem)_\(name).npy")
                    let nhwc = tensor.permuted([0, 2, 3, 1]).contiguous()
                    try NumpyFile.write(try NumpyArray(float32: nhwc.floats(), shape: nhwc.shape), to: url)
                    written.append(url)
                }
            } else {
                for (name, tensor) in outputs(try image(input)) {
                    let url = folder.appendingPathComponent("\(stem)_\(name).png")
                    try Image(tensor: tensor.clamped(0, 1)).converted(to: .uint8).write(to: url, as: .png(compressionLevel: 3))
                    written.append(url)
                }
            }
        }
        return written.sorted { $0.path < $1.path }
    }

    /// The faces of a `.npy` array as the network's NCHW input; throws naming the file when the
    /// shape or type is not DFL's.
    static func arrayFaces(_ array: NumpyArray, resolution: Int, source: String) throws -> Tensor {
        guard array.shape.count == 4, array.shape[1] == resolution, array.shape[2] == resolution, array.shape[3] == 3,
              array.dtype == .float32 || array.dtype == .float64 else {
            throw NumpyFileError("\(source) holds \(array.dtype) \(array.shape), the model takes float32 (N, \(resolution), \(resolution), 3) BGR in [0, 1]")
        }
        return Tensor(array.floats(), shape: array.shape).permuted([0, 3, 1, 2]).contiguous()
    }

    /// An image file as the model's input face (1, 3, R, R).
    static func imageFace(_ url: URL, resolution: Int, faceType: FaceType) throws -> Image {
        let bytes = Array(try Data(contentsOf: url))
        let processor = SampleProcessor(resolution: resolution, faceType: faceType, randomWarp: false)
        if let sample = try? TrainingSample.decode(bytes, name: url.path) {
            return processor.converted(sample.image.converted(to: .float32), sample: sample, isMask: false)
        }
        let image = try Image(encoded: Data(bytes), mode: .color, source: url.path).converted(to: .float32)
        return image.resized(width: resolution, height: resolution, interpolation: .cubic)
    }

    /// An image file as an XSeg model's input face (1, 3, R, R): BGR in [0, 1], resized to R
    /// with Lanczos-4 when its size differs.
    static func xsegFace(_ url: URL, resolution: Int) throws -> Image {
        let image = try Image(encoded: Data(contentsOf: url), mode: .color, source: url.path).converted(to: .float32)
        guard image.width != resolution || image.height != resolution else { return image }
        return image.resized(width: resolution, height: resolution, interpolation: .lanczos4)
    }
}
