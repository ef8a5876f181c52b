/// One layer of a dlib DNN as read from its file, in the order data flows (input first).
/// dlib's `tag`/`skip`/`add_prev` layers are kept as they are: the network runs them with a
/// register per tag number.
public enum DlibLayer: Sendable {
    /// `input_rgb_image(_sized)`: an RGB image scaled to (value − mean) / 256 per channel.
    case inputRGB(mean: SIMD3<Float>)
    /// `con_`: a cross-correlation with zero padding, optionally followed by a ReLU.
    case convolution(Convolution)
    /// `affine_` (batch norm folded at training end): channel c ↦ scale[c]·x + shift[c].
    case affine(scale: [Float], shift: [Float])
    /// `relu_`.
    case relu
    /// `max_pool_`.
    case maxPool(Pooling)
    /// `avg_pool_`; a window of 0 × 0 averages the whole map (`avg_pool_everything`).
    case averagePool(Pooling)
    /// `fc_`: weights stored inputs × outputs (dlib multiplies x·W), optional bias.
    case fullyConnected(weights: [Float], inputs: Int, outputs: Int, bias: [Float]?)
    /// `tag<N>`: remembers the data flowing through under number N.
    case tag(Int)
    /// `skip<N>`: continues from the data remembered under N.
    case skip(Int)
    /// `add_prev<N>`: adds the data remembered under N; where the sizes differ the smaller is
    /// zero-padded at the end of each dimension (dlib's `tt::add`).
    case addTagged(Int)

    public struct Convolution: Sendable {
        /// Filters as (outputs, inputs, rows, columns), row-major.
        var filters: [Float]
        var outputs: Int, inputs: Int, rows: Int, columns: Int
        var bias: [Float]?
        var strideY: Int, strideX: Int
        var paddingY: Int, paddingX: Int
        var reluAfter: Bool
    }

    public struct Pooling: Sendable, Equatable {
        var rows: Int, columns: Int
        var strideY: Int, strideX: Int
        var paddingY: Int, paddingX: Int

        /// Whether the window spans the whole input (dlib's window size 0).
        var isGlobal: Bool { rows == 0 && columns == 0 }
    }
}
