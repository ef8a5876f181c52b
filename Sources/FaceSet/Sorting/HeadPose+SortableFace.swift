import FaceGeometry
extension HeadPose {
    /// The pose of a DFL face from its landmarks and aligned width; nil for a plain image or
    /// when no pose is found.
    init?(of face: SortableFace) throws(SortError) {
        guard let landmarks = try face.validLandmarks() else { return nil }
        self.init(landmarks: landmarks, size: try face.alignedWidth())
    }
}
