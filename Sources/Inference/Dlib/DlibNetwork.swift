import Foundation

/// A dlib DNN read from its `.dat` file: its layers in the order data flows, input first.
public struct DlibNetwork: Sendable {
    public let architecture: DlibNetworkArchitecture
    public let layers: [DlibLayer]

    /// Reads a network of `architecture` from `url`; throws a one-line `DlibFormatError` naming
    /// the file when it is truncated, damaged or a different network.
    public init(contentsOf url: URL, architecture: DlibNetworkArchitecture) throws(DlibFormatError) {
        self = try DlibStreamReader.read(url) { (reader: inout DlibStreamReader) throws(DlibFormatError) in
            try DlibNetwork(reading: &reader, architecture: architecture)
        }
    }

    public init(architecture: DlibNetworkArchitecture, layers: [DlibLayer]) {
        self.architecture = architecture
        self.layers = layers
    }
}
