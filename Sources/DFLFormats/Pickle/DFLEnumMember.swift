/// A member of one of DeepFaceLab's `IntEnum` classes, pickled as `GLOBAL module class` applied
/// to `(value,)`.
public struct DFLEnumMember: Hashable, Sendable, CustomStringConvertible {
    /// The DFL `IntEnum` classes a pickle may name.
    public enum EnumClass: String, Hashable, Sendable, CaseIterable {
        /// `facelib.FaceType.FaceType` (FaceGeometry's `FaceType`).
        case faceType
        /// `samplelib.Sample.SampleType`.
        case sampleType
        /// `core.imagelib.SegIEPolys.SegIEPolyType` (0 exclude, 1 include).
        case segIEPolyType

        /// The module the class lives in, as pickle names it.
        public var module: String {
            switch self {
            case .faceType: return "facelib.FaceType"
            case .sampleType: return "samplelib.Sample"
            case .segIEPolyType: return "core.imagelib.SegIEPolys"
            }
        }

        /// The class name, as pickle names it.
        public var className: String {
            switch self {
            case .faceType: return "FaceType"
            case .sampleType: return "SampleType"
            case .segIEPolyType: return "SegIEPolyType"
            }
        }

        /// The values the class defines (Python refuses any other).
        public var validValues: Set<Int> {
            switch self {
            case .faceType: return [0, 1, 2, 3, 4, 10, 20, 100]
            case .sampleType: return [0, 1, 2, 3, 4]
            case .segIEPolyType: return [0, 1]
            }
        }

        /// The class pickle names by `module` and `className`, if it is one of DFL's.
        public init?(module: String, className: String) {
            guard let match = Self.allCases.first(where: { $0.module == module && $0.className == className }) else {
                return nil
            }
            self = match
        }
    }

    public let enumClass: EnumClass
    public let value: Int

    /// A member; nil when `value` is not defined by the class.
    public init?(_ enumClass: EnumClass, value: Int) {
        guard enumClass.validValues.contains(value) else { return nil }
        self.enumClass = enumClass
        self.value = value
    }

    /// `SampleType.FACE`, the type of every sample in a faceset.pak.
    public static let sampleTypeFace = DFLEnumMember(uncheckedClass: .sampleType, value: 1)

    private init(uncheckedClass: EnumClass, value: Int) {
        self.enumClass = uncheckedClass
        self.value = value
    }

    public var description: String { "\(enumClass.module).\(enumClass.className)(\(value))" }
}
