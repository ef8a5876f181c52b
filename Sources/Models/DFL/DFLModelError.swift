import Workspace

/// A DFL model folder that cannot be read or written; one line naming the file and the fix.
public struct DFLModelFolderError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
