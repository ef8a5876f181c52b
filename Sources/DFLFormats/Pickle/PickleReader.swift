import Foundation

/// Reads pickles of protocols 0–5, as Python 3 writes them for data, into `PickleValue`s
/// without running anything.
///
/// Only the globals DFL's files contain are accepted: NumPy's array, dtype and scalar
/// reconstructors (both `numpy.core` and `numpy._core` spellings) and DFL's `IntEnum` classes;
/// any other global — `os.system`, `builtins.eval`, `subprocess.Popen`, … — is refused with an
/// error naming the source. Lengths are checked against the bytes that remain, nesting is
/// limited, and the logical size of the result is bounded by a multiple of the input size, so
/// a hostile pickle cannot exhaust memory or the stack. Sets, class instances (NEWOBJ, INST,
/// OBJ), persistent ids, extension codes and out-of-band buffers are refused too; DFL's files
/// use none of them.
public struct PickleReader: Sendable {
    /// The file name (or other description) used in error messages.
    public var sourceName: String
    /// The deepest nesting of containers accepted.
    public var maximumDepth: Int
    /// How many values the result may hold per input byte (shared references count each time
    /// they appear), beyond a fixed allowance of 4096.
    public var maximumValuesPerInputByte: Int

    public init(sourceName: String, maximumDepth: Int = 100, maximumValuesPerInputByte: Int = 16) {
        self.sourceName = sourceName
        self.maximumDepth = maximumDepth
        self.maximumValuesPerInputByte = maximumValuesPerInputByte
    }

    /// The value the pickle in `bytes` holds.
    public func read(_ bytes: [UInt8]) throws(PickleError) -> PickleValue {
        let budget = bytes.count.multipliedReportingOverflow(by: maximumValuesPerInputByte)
        var machine = Unpickler(
            bytes: bytes, sourceName: sourceName, maximumDepth: maximumDepth,
            valueBudget: budget.overflow ? Int.max : budget.partialValue + 4096)
        return try machine.run()
    }

    /// The value the pickle in `data` holds.
    public func read(_ data: Data) throws(PickleError) -> PickleValue {
        try read([UInt8](data))
    }
}
