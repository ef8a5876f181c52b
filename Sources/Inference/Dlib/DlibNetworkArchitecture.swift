/// The layer structure of a dlib network, which its file does not spell out: dlib serializes a
/// network by its C++ type, so tags and skips carry no numbers in the file and the reader must
/// know the stack. Listed from the loss downwards, as dlib's type nests, input excluded.
public struct DlibNetworkArchitecture: Sendable {
    public enum Wrapper: Sendable, Equatable {
        /// A computational layer (`add_layer`) whose details name their kind.
        case layer(Kind)
        /// `add_layer<add_prev_<tag N>>`: adds the data tagged N.
        case addPrevious(Int)
        /// `add_tag_layer<N>`.
        case tag(Int)
        /// `add_skip_layer<N>`.
        case skip(Int)
    }

    public enum Kind: String, Sendable, Equatable {
        case fullyConnected = "fc_"
        case averagePool = "avg_pool_"
        case maxPool = "max_pool_"
        case relu = "relu_"
        case affine = "affine_"
        case convolution = "con_"
    }

    public let name: String
    public let loss: String
    /// Top (just under the loss) to bottom (just above the input).
    public let wrappers: [Wrapper]

    /// `dlib_face_recognition_resnet_model_v1.dat`: dlib's `anet_type` from
    /// `dnn_face_recognition_ex.cpp` — a 29-convolution ResNet:
    /// `loss_metric<fc_no_bias<128, avg_pool_everything<level0<level1<level2<level3<level4<
    /// max_pool<3,3,2,2, relu<affine<con<32,7,7,2,2, input_rgb_image_sized<150>>>>>>>>>>>>>`
    /// with level0 = ares_down<256>, level1 = ares<256>×2 over ares_down<256>, level2 = ares<128>×2
    /// over ares_down<128>, level3 = ares<64>×3 over ares_down<64>, level4 = ares<32>×3, where
    /// `ares<N> = relu<add_prev1<block<N,1,tag1<…>>>>`,
    /// `ares_down<N> = relu<add_prev2<avg_pool<2,2,2,2,skip1<tag2<block<N,2,tag1<…>>>>>>>` and
    /// `block<N,stride> = affine<con<N,3,3,1,1,relu<affine<con<N,3,3,stride,stride,…>>>>>`.
    public static let faceRecognitionResNetV1: DlibNetworkArchitecture = {
        let block: [Wrapper] = [.layer(.affine), .layer(.convolution), .layer(.relu), .layer(.affine), .layer(.convolution)]
        let residual: [Wrapper] = [.layer(.relu), .addPrevious(1)] + block + [.tag(1)]
        let residualDown: [Wrapper] = [.layer(.relu), .addPrevious(2), .layer(.averagePool), .skip(1), .tag(2)]
            + block + [.tag(1)]
        let levels: [[Wrapper]] = [
            residualDown,
            residual, residual, residualDown,
            residual, residual, residualDown,
            residual, residual, residual, residualDown,
            residual, residual, residual,
        ]
        let wrappers: [Wrapper] = [.layer(.fullyConnected), .layer(.averagePool)] + levels.flatMap { $0 }
            + [.layer(.maxPool), .layer(.relu), .layer(.affine), .layer(.convolution)]
        return DlibNetworkArchitecture(name: "dlib face recognition ResNet v1", loss: "loss_metric_", wrappers: wrappers)
    }()
}
