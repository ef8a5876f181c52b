/// An instance of one of the few plain DFL classes whose pickles Masque imports (DFL's merger
/// session), read as its class and attribute dictionary. Nothing of the class is run: the reader
/// makes the record from NEWOBJ (with no arguments) and BUILD (the `__dict__`), as Python's
/// default `__reduce_ex__` pickles such objects.
public struct DFLRecord: Hashable, Sendable {
    /// The DFL classes a pickle may instantiate.
    public enum RecordClass: String, Hashable, Sendable, CaseIterable {
        /// `merger.InteractiveMergerSubprocessor.Frame`: one frame of a merger session.
        case mergerFrame
        /// `merger.MergerConfig.MergerConfigMasked`: a frame's merge settings.
        case mergerConfigMasked
        /// `merger.FrameInfo.FrameInfo`: a frame's file, landmarks and motion.
        case frameInfo

        /// The module and class name, as pickle names them.
        public var moduleAndName: (module: String, name: String) {
            switch self {
            case .mergerFrame: ("merger.InteractiveMergerSubprocessor", "Frame")
            case .mergerConfigMasked: ("merger.MergerConfig", "MergerConfigMasked")
            case .frameInfo: ("merger.FrameInfo", "FrameInfo")
            }
        }

        /// The class pickle names by `module` and `name`, if it is one of these.
        public init?(module: String, name: String) {
            guard let match = Self.allCases.first(where: { $0.moduleAndName == (module, name) }) else { return nil }
            self = match
        }
    }

    public let recordClass: RecordClass
    /// The instance's attributes by name.
    public let fields: PickleDictionary

    public init(recordClass: RecordClass, fields: PickleDictionary) {
        self.recordClass = recordClass
        self.fields = fields
    }

    /// The attribute `name`, if the instance has it.
    public subscript(name: String) -> PickleValue? { fields[.string(name)] }
}
