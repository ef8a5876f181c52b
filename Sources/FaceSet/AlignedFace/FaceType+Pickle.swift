import DFLFormats
import FaceGeometry

extension DFLEnumMember {
    /// The pickled `facelib.FaceType.FaceType` member for `faceType`.
    public static func faceType(_ faceType: FaceType) -> DFLEnumMember {
        guard let member = DFLEnumMember(.faceType, value: faceType.rawValue) else {
            preconditionFailure("FaceType.\(faceType) (\(faceType.rawValue)) is missing from DFLEnumMember.EnumClass.faceType's values")
        }
        return member
    }
}
