import Support

/// A DFL file (a weight file such as `S3FD.npy` or `new_SAEHD_encoder.npy`, a model's
/// `data.dat`, a model folder) is missing, is not what DFL writes, or does not fit the network;
/// the message names the file and the fix.
public struct DFLModelError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
