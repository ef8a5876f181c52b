import NN
import Tensors

/// The S3FD network as DFL builds it (`facelib/S3FDExtractor.py`, reference §2.2). Property
/// names are DFL's layer names, so `conv1_1.weight` loads `conv1_1/weight:0`.
///
/// Input: NCHW float32 RGB in 0…255 (the per-channel means are subtracted here). Output: for
/// each of the six sources, stride 4 to 128, the face/background probabilities and the box
/// offsets.
final class S3FDNetwork: Module, @unchecked Sendable {
    /// One detection source: `confidence` (N, 2, H, W) softmax over (background, face);
    /// `location` (N, 4, H, W) box offsets (x, y, width, height).
    struct Source {
        let confidence: Tensor
        let location: Tensor
    }

    /// Subtracted from the R, G, B channels (DFL's constants, in the order its code uses).
    static let channelMeans: [Float] = [104, 117, 123]

    // VGG-16 trunk; every 3×3 conv is stride 1 with symmetric padding 1.
    let conv1_1 = conv(3, 64), conv1_2 = conv(64, 64)
    let conv2_1 = conv(64, 128), conv2_2 = conv(128, 128)
    let conv3_1 = conv(128, 256), conv3_2 = conv(256, 256), conv3_3 = conv(256, 256)
    let conv4_1 = conv(256, 512), conv4_2 = conv(512, 512), conv4_3 = conv(512, 512)
    let conv5_1 = conv(512, 512), conv5_2 = conv(512, 512), conv5_3 = conv(512, 512)
    /// Padding 3 without dilation (the face-alignment port's quirk): the map grows by 4 pixels.
    let fc6 = conv(512, 1024, padding: .explicit(3, 3))
    let fc7 = conv(1024, 1024, kernel: 1)
    let conv6_1 = conv(1024, 256, kernel: 1), conv6_2 = conv(256, 512, stride: 2)
    let conv7_1 = conv(512, 128, kernel: 1), conv7_2 = conv(128, 256, stride: 2)

    let conv3_3_norm = L2Norm(256), conv4_3_norm = L2Norm(512), conv5_3_norm = L2Norm(512)

    // Heads: conf and loc per source; the first source's conf has 4 channels (3 background).
    let conv3_3_norm_mbox_conf = conv(256, 4), conv3_3_norm_mbox_loc = conv(256, 4)
    let conv4_3_norm_mbox_conf = conv(512, 2), conv4_3_norm_mbox_loc = conv(512, 4)
    let conv5_3_norm_mbox_conf = conv(512, 2), conv5_3_norm_mbox_loc = conv(512, 4)
    let fc7_mbox_conf = conv(1024, 2), fc7_mbox_loc = conv(1024, 4)
    let conv6_2_mbox_conf = conv(512, 2), conv6_2_mbox_loc = conv(512, 4)
    let conv7_2_mbox_conf = conv(256, 2), conv7_2_mbox_loc = conv(256, 4)

    func callAsFunction(_ image: Tensor) -> [Source] {
        let means = Tensor(Self.channelMeans, shape: [1, 3, 1, 1], device: image.device)
        var x = image - means
        x = conv1_2(conv1_1(x).relu()).relu().maxPool2d(2)
        x = conv2_2(conv2_1(x).relu()).relu().maxPool2d(2)
        x = conv3_3(conv3_2(conv3_1(x).relu()).relu()).relu()
        let f3_3 = x
        x = conv4_3(conv4_2(conv4_1(x.maxPool2d(2)).relu()).relu()).relu()
        let f4_3 = x
        x = conv5_3(conv5_2(conv5_1(x.maxPool2d(2)).relu()).relu()).relu()
        let f5_3 = x
        x = fc7(fc6(x.maxPool2d(2)).relu()).relu()
        let ffc7 = x
        x = conv6_2(conv6_1(x).relu()).relu()
        let f6_2 = x
        let f7_2 = conv7_2(conv7_1(x).relu()).relu()

        let n3_3 = conv3_3_norm(f3_3), n4_3 = conv4_3_norm(f4_3), n5_3 = conv5_3_norm(f5_3)

        // Max-out background: the first source's three background scores become one.
        let conf1 = conv3_3_norm_mbox_conf(n3_3)
        let background = conf1.slice(1, 0, 1).maximum(conf1.slice(1, 1, 2)).maximum(conf1.slice(1, 2, 3))
        let maxedOut = Tensor.cat([background, conf1.slice(1, 3, 4)], dim: 1)

        return [
            Source(confidence: Self.softmax(maxedOut), location: conv3_3_norm_mbox_loc(n3_3)),
            Source(confidence: Self.softmax(conv4_3_norm_mbox_conf(n4_3)), location: conv4_3_norm_mbox_loc(n4_3)),
            Source(confidence: Self.softmax(conv5_3_norm_mbox_conf(n5_3)), location: conv5_3_norm_mbox_loc(n5_3)),
            Source(confidence: Self.softmax(fc7_mbox_conf(ffc7)), location: fc7_mbox_loc(ffc7)),
            Source(confidence: Self.softmax(conv6_2_mbox_conf(f6_2)), location: conv6_2_mbox_loc(f6_2)),
            Source(confidence: Self.softmax(conv7_2_mbox_conf(f7_2)), location: conv7_2_mbox_loc(f7_2)),
        ]
    }

    /// Softmax over the channel dimension.
    private static func softmax(_ x: Tensor) -> Tensor {
        let e = (x - x.max([1], keepDims: true)).exp()
        return e / e.sum([1], keepDims: true)
    }
}

/// A convolution whose weights are loaded later (zero-initialised; DFL's 'SAME' padding k//2).
private func conv(_ input: Int, _ output: Int, kernel: Int = 3, stride: Int = 1, padding: ConvPadding = .same) -> Conv2D {
    Conv2D(input, output, kernel: kernel, stride: stride, padding: padding, initializer: .zeros)
}
