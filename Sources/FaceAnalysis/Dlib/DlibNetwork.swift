import Foundation

/// A dlib DNN read from its `.dat` file: its layers in the order data flows, input first.
struct DlibNetwork: Sendable {
    let architecture: DlibNetworkArchitecture
    let layers: [DlibLayer]

    /// Reads a network of `architecture` from `url`; throws a one-line `DlibFormatError` naming
    /// the file when it is truncated, damaged or a different network.
    init(contentsOf url: URL, architecture: DlibNetworkArchitecture) throws(DlibFormatError) {
        self = try DlibStreamReader.read(url) { (reader: inout DlibStreamReader) throws(DlibFormatError) in
            try DlibNetwork(reading: &reader, architecture: architecture)
        }
    }

    init(architecture: DlibNetworkArchitecture, layers: [DlibLayer]) {
        self.architecture = architecture
        self.layers = layers
    }
}
