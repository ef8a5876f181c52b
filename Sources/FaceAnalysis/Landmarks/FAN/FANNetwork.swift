import NN
import Tensors

/// The face-alignment network (FAN, 4 stacked hourglasses) as DFL builds it
/// (`facelib/FANExtractor.py`, reference §2.3). `2DFAN.npy` and `3DFAN.npy` share this
/// architecture. Property names are DFL's, so `m_0.b2_plus.b1.conv1.weight` loads
/// `m_0/b2_plus/b1/conv1/weight:0`.
///
/// Input: NCHW float32 RGB in 0…1, 256×256. Output: the last stack's 68 heatmaps, (N, 68, 64, 64).
final class FANNetwork: Module, @unchecked Sendable {
    static let stacks = 4
    static let landmarkCount = 68

    let conv1 = Conv2D(3, 64, kernel: 7, stride: 2, initializer: .zeros)
    let bn1 = BatchNorm2D(64)
    let conv2 = FANConvBlock(64, 128)
    let conv3 = FANConvBlock(128, 128)
    let conv4 = FANConvBlock(128, 256)

    let m = (0..<FANNetwork.stacks).map { _ in FANHourGlass(depth: 4) }
    let top_m = (0..<FANNetwork.stacks).map { _ in FANConvBlock(256, 256) }
    let conv_last = (0..<FANNetwork.stacks).map { _ in Conv2D(256, 256, kernel: 1, padding: .valid, initializer: .zeros) }
    let bn_end = (0..<FANNetwork.stacks).map { _ in BatchNorm2D(256) }
    let l = (0..<FANNetwork.stacks).map { _ in Conv2D(256, FANNetwork.landmarkCount, kernel: 1, padding: .valid, initializer: .zeros) }
    let bl = (0..<FANNetwork.stacks - 1).map { _ in Conv2D(256, 256, kernel: 1, padding: .valid, initializer: .zeros) }
    let al = (0..<FANNetwork.stacks - 1).map { _ in Conv2D(FANNetwork.landmarkCount, 256, kernel: 1, padding: .valid, initializer: .zeros) }

    func callAsFunction(_ image: Tensor) -> Tensor {
        var x = bn1(conv1(image)).relu()
        x = conv4(conv3(conv2(x).avgPool2d(2)))
        var previous = x
        for i in 0..<Self.stacks - 1 {
            let (features, heatmaps) = stack(i, previous)
            previous = previous + bl[i](features) + al[i](heatmaps)
        }
        return stack(Self.stacks - 1, previous).heatmaps
    }

    /// Stack `i`: its hourglass features and its heatmaps.
    private func stack(_ i: Int, _ x: Tensor) -> (features: Tensor, heatmaps: Tensor) {
        let features = bn_end[i](conv_last[i](top_m[i](m[i](x)))).relu()
        return (features, l[i](features))
    }
}
