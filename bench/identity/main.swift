// Identity quality figure (issue 11): how much the swap looks like src, by the dlib ResNet
// identity embedding Masque already uses for extraction. For a trained SAEHD (by default the one
// `masque demo` trains on its two identities), every dst face goes through the model; the
// swapped face (src→dst, `src_dst`), the dst reconstruction (`dst_dst`) and the src and dst faces
// themselves, all at the model's resolution, are embedded from their landmarks brought into the
// model's face. Reported: the mean Euclidean distance of each kind of face to the mean src
// embedding and to the mean dst embedding (dlib's same-person threshold is 0.6). The swap should
// sit closer to src than to dst; dst_dst is the control (it should sit at dst).
// Prints one JSON line. Run through bench/run-identity.
import FaceAnalysis
import FaceGeometry
import Foundation
import Imaging
import Models
import Support
import Tensors
import Training

var workspace = "masque-demo", modelName = "demo"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--workspace": workspace = value
    case "--model-name": modelName = value
    default: fatalError("unknown option \(flag)")
    }
}

let root = URL(fileURLWithPath: workspace)
let opened = try OpenedModel.open(in: root.appendingPathComponent("model"), kind: .saehd, name: modelName)
guard case .swap(let model) = opened.network else { fatalError("\(modelName) is an XSeg model: give an SAEHD model's name") }
let resolution = model.network.dimensions.resolution
let processor = SampleProcessor(resolution: resolution, faceType: model.faceType, randomWarp: false)
let embedder = try FaceEmbedder(contentsOf: try ModelStore.standard().file(for: ModelCatalog.dlibFaceEmbedding))

/// A faceset's faces as the model sees them (N, 3, R, R) and their landmarks in that face.
@MainActor func faces(_ folder: String) throws -> (Tensor, [[SIMD2<Float>]]) {
    let samples = try TrainingSample.load(root.appendingPathComponent(folder)).samples
    guard !samples.isEmpty else { fatalError("no aligned faces in \(folder): run masque demo first") }
    var images: [Tensor] = [], landmarks: [[SIMD2<Float>]] = []
    for sample in samples {
        images.append(try processor.converted(sample.image.converted(to: .float32), sample: sample, isMask: false).tensor())
        if sample.faceType == model.faceType {
            let scale = Float(resolution) / Float(sample.image.width)
            landmarks.append(sample.landmarks.map { $0 * scale })
        } else {
            landmarks.append(FaceAlignment.transform(landmarks: sample.landmarks, size: resolution, faceType: model.faceType)
                .apply(to: sample.landmarks))
        }
    }
    return (Tensor.cat(images, dim: 0), landmarks)
}

/// The identity embedding of each face (N, 3, R, R) from its landmarks.
@MainActor func embeddings(_ faces: Tensor, _ landmarks: [[SIMD2<Float>]]) throws -> [FaceEmbedding] {
    try landmarks.indices.map { i in
        try embedder.embedding(in: Image(tensor: faces.slice(0, i, i + 1).clamped(0, 1)), landmarks: landmarks[i])
    }
}

func mean(_ embeddings: [FaceEmbedding]) -> FaceEmbedding {
    let sum = embeddings.dropFirst().reduce(embeddings[0].values) { zip($0, $1.values).map(+) }
    return FaceEmbedding(sum.map { $0 / Float(embeddings.count) })
}

let (sourceFaces, sourceLandmarks) = try faces("data_src/aligned")
let (destinationFaces, destinationLandmarks) = try faces("data_dst/aligned")
let outputs = ModelPrediction.run(model, faces: destinationFaces)
let source = try embeddings(sourceFaces, sourceLandmarks)
let destination = try embeddings(destinationFaces, destinationLandmarks)
let swapped = try embeddings(outputs["src_dst"]!, destinationLandmarks)
let reconstructed = try embeddings(outputs["dst_dst"]!, destinationLandmarks)
let (sourceMean, destinationMean) = (mean(source), mean(destination))

@MainActor func distances(_ embeddings: [FaceEmbedding]) -> [String: Double] {
    ["to_src": Double(embeddings.map { $0.distance(to: sourceMean) }.reduce(0, +)) / Double(embeddings.count),
     "to_dst": Double(embeddings.map { $0.distance(to: destinationMean) }.reduce(0, +)) / Double(embeddings.count)]
}

let report: [String: Any] = [
    "impl": "masque", "model": opened.saved.name, "iteration": opened.state.iteration, "resolution": resolution,
    "src_faces": source.count, "dst_faces": destination.count,
    "src": distances(source), "dst": distances(destination), "swap": distances(swapped), "dst_dst": distances(reconstructed),
]
print(String(data: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), encoding: .utf8)!)
