import CVision

/// Facts about the OpenCV library Imaging runs on.
public enum OpenCV {
    /// OpenCV's version, e.g. "4.6.0".
    public static var version: String { String(cString: cv_version()) }
}
