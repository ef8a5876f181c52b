import Inference
import Tensors

/// CenterFace's raw outputs for a batch of network inputs, at stride 4 (a map of
/// ⌈H / 4⌉ × ⌈W / 4⌉ cells for an H × W input), on the host.
public struct CenterFaceMaps: Sendable {
    /// Frames in the batch.
    public let batchSize: Int
    /// Rows and columns of each map.
    public let height: Int
    public let width: Int
    /// Face-centre probability per cell, [batch, 1, height, width], 0…1.
    public let heatmap: [Float]
    /// Log box size per cell, [batch, 2, height, width]: (height, width) = exp(scale) · 4 input pixels.
    public let scale: [Float]
    /// Sub-cell offset of the centre per cell, [batch, 2, height, width]: (y, x) in cells.
    public let offset: [Float]
    /// Five keypoints per cell, [batch, 10, height, width]: (y, x) pairs for the eyes, the nose tip
    /// and the mouth corners, as fractions of the box size from its top-left corner.
    public let landmarks: [Float]

    /// Copies the four network outputs to the host after checking their shapes; `source` names
    /// the model file in errors.
    init(heatmap: Tensor, scale: Tensor, offset: Tensor, landmarks: Tensor, source: String) throws(ONNXError) {
        let shape = heatmap.shape
        guard shape.count == 4, shape[1] == 1 else {
            throw ONNXError("\(source): not a CenterFace model: its heatmap output has shape \(shape), expected [batch, 1, height, width]")
        }
        for (name, tensor, channels) in [("scale", scale, 2), ("offset", offset, 2), ("landmarks", landmarks, 10)] {
            guard tensor.shape == [shape[0], channels, shape[2], shape[3]] else {
                throw ONNXError("\(source): not a CenterFace model: its \(name) output has shape \(tensor.shape), expected [\(shape[0]), \(channels), \(shape[2]), \(shape[3])]")
            }
        }
        batchSize = shape[0]
        height = shape[2]
        width = shape[3]
        self.heatmap = heatmap.floats()
        self.scale = scale.floats()
        self.offset = offset.floats()
        self.landmarks = landmarks.floats()
    }

    /// Value of channel `channel` of a `channels`-channel map at cell (row, column) of frame `item`.
    @inline(__always)
    func value(_ map: [Float], channels: Int, item: Int, channel: Int, row: Int, column: Int) -> Float {
        map[((item * channels + channel) * height + row) * width + column]
    }
}
