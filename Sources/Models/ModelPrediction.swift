import DFLFormats
import Foundation
import Imaging
import Support
import Tensors
import Training

/// `masque model predict`: a swap model run from the outside on chosen faces. Every input face
/// goes through the network as src and as dst, giving every output DFL's merger and previews
/// use, under the names of DFL's training graph: `src_src` and `src_srcm` (the face as src,
/// reconstructed, and its learned mask), `dst_dst` and `dst_dstm`, `src_dst` and `src_dstm`
/// (the face swapped to src, and the swap's mask).
public enum ModelPrediction {
    /// The outputs in DFL's order.
    public static let outputs = ["src_src", "src_srcm", "dst_dst", "dst_dstm", "src_dst", "src_dstm"]

    /// The six outputs for `faces` (N, 3, R, R), BGR in [0, 1], by name.
    public static func run(_ model: SAEHDModel, faces: Tensor) -> [String: Tensor] {
        let result = withoutGradients { model.network(source: faces, destination: faces) }
        return ["src_src": result.sourceFace, "src_srcm": result.sourceMask, "dst_dst": result.destinationFace,
                "dst_dstm": result.destinationMask, "src_dst": result.swappedFace!, "src_dstm": result.swappedMask!]
    }

    /// Runs `model` on each input and writes its outputs into `folder`: an image (an aligned
    /// face is brought to the model's face type from its landmarks, any other image is resized)
    /// gives `<stem>_<output>.png`; a `.npy` array (N, R, R, 3) float32 BGR in [0, 1], as DFL
    /// feeds its networks, gives `<stem>_<output>.npy` in the same layout (N, R, R, 3 or 1).
    /// Returns the files written.
    public static func predict(_ model: SAEHDModel, inputs: [URL], into folder: URL) throws -> [URL] {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw FileError.writeFailed(path: folder.path, reason: FileError.reason(error))
        }
        let resolution = model.network.dimensions.resolution
        var written: [URL] = []
        for input in inputs {
            try PathKind.requireFile(input)
            let stem = input.deletingPathExtension().lastPathComponent
            if input.pathExtension.lowercased() == "npy" {
                let faces = try arrayFaces(NumpyFile.read(input), resolution: resolution, source: input.path)
                for (name, tensor) in run(model, faces: faces) {
                    let url = folder.appendingPathComponent("\(stem)_\(name).npy")
                    let nhwc = tensor.permuted([0, 2, 3, 1]).contiguous()
                    try NumpyFile.write(try NumpyArray(float32: nhwc.floats(), shape: nhwc.shape), to: url)
                    written.append(url)
                }
            } else {
                let face = try imageFace(input, model: model)
                for (name, tensor) in run(model, faces: try face.tensor()) {
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
    static func imageFace(_ url: URL, model: SAEHDModel) throws -> Image {
        let bytes = Array(try Data(contentsOf: url))
        let resolution = model.network.dimensions.resolution
        let processor = SampleProcessor(resolution: resolution, faceType: model.faceType, randomWarp: false)
        if let sample = try? TrainingSample.decode(bytes, name: url.path) {
            return processor.converted(sample.image.converted(to: .float32), sample: sample, isMask: false)
        }
        let image = try Image(encoded: Data(bytes), mode: .color, source: url.path).converted(to: .float32)
        return image.resized(width: resolution, height: resolution, interpolation: .cubic)
    }
}
