import Workspace

/// A DFL weight file (`S3FD.npy`, `2DFAN.npy`, `3DFAN.npy`) is missing, is not a DFL weight
/// dictionary, or does not fit the network; the message names the file.
public struct DFLModelError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
