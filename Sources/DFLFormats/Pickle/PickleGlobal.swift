/// The only globals (`module name` references) the pickle reader accepts. Each is a data
/// constructor whose effect the reader reproduces itself; nothing is looked up or called.
enum PickleGlobal: Hashable {
    /// `numpy.core.multiarray._reconstruct`: an empty array awaiting its BUILD state.
    case ndarrayReconstruct
    /// `numpy.ndarray`, the class `_reconstruct` is given.
    case ndarrayClass
    /// `numpy.dtype`.
    case dtypeClass
    /// `numpy.core.multiarray.scalar`: a NumPy scalar from a dtype and raw bytes.
    case numpyScalar
    /// `numpy.core.numeric._frombuffer`: an array from bytes, dtype, shape and order (protocol 5).
    case ndarrayFromBuffer
    /// `_codecs.encode`: how protocol 2 stores `bytes` (a latin-1 string).
    case latin1Encode
    /// `builtins.bytes`: how protocol 2 stores empty `bytes`.
    case bytesClass
    /// One of DFL's `IntEnum` classes.
    case dflEnum(DFLEnumMember.EnumClass)
    /// One of DFL's plain classes, instantiated by NEWOBJ and filled by BUILD.
    case dflRecord(DFLRecord.RecordClass)
    /// A `pathlib` path class (`PosixPath`, `WindowsPath` and their `Pure` forms), applied to its
    /// parts: read as the path's text.
    case path(String)

    /// The accepted global of that name, or nil.
    init?(module: String, name: String) {
        let numpyCore = module.hasPrefix("numpy.core.") || module.hasPrefix("numpy._core.")
        let coreModule = numpyCore ? String(module.split(separator: ".", maxSplits: 2).last ?? "") : ""
        switch (module, name) {
        case _ where coreModule == "multiarray" && name == "_reconstruct": self = .ndarrayReconstruct
        case _ where coreModule == "multiarray" && name == "scalar": self = .numpyScalar
        case _ where coreModule == "numeric" && name == "_frombuffer": self = .ndarrayFromBuffer
        case ("numpy", "ndarray"): self = .ndarrayClass
        case ("numpy", "dtype"): self = .dtypeClass
        case ("_codecs", "encode"): self = .latin1Encode
        case ("builtins", "bytes"), ("__builtin__", "bytes"): self = .bytesClass
        case ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath"),
             ("pathlib", "Path"):
            self = .path(name)
        default:
            if let recordClass = DFLRecord.RecordClass(module: module, name: name) {
                self = .dflRecord(recordClass)
                return
            }
            guard let enumClass = DFLEnumMember.EnumClass(module: module, className: name) else { return nil }
            self = .dflEnum(enumClass)
        }
    }

    /// The module and name a writer emits, in the spelling NumPy 1.x (DFL's) can import.
    var moduleAndName: (module: String, name: String) {
        switch self {
        case .ndarrayReconstruct: return ("numpy.core.multiarray", "_reconstruct")
        case .ndarrayClass: return ("numpy", "ndarray")
        case .dtypeClass: return ("numpy", "dtype")
        case .numpyScalar: return ("numpy.core.multiarray", "scalar")
        case .ndarrayFromBuffer: return ("numpy.core.numeric", "_frombuffer")
        case .latin1Encode: return ("_codecs", "encode")
        case .bytesClass: return ("builtins", "bytes")
        case .dflEnum(let enumClass): return (enumClass.module, enumClass.className)
        case .dflRecord(let recordClass): return recordClass.moduleAndName
        case .path(let name): return ("pathlib", name)
        }
    }
}
