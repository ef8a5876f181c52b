import CVision
import Foundation
import Support

extension Image {
    /// The image encoded as JPEG or PNG (like `cv2.imencode`). Needs `uint8` pixels; JPEG
    /// takes 1 or 3 channels, PNG 1, 3 or 4.
    public func encoded(as encoding: ImageEncoding) throws(ImagingError) -> Data {
        let format = encoding.format
        guard self.format == .uint8 else {
            throw .encodingFailed(format: format, reason: "\(self.format) pixels (convert the image to uint8 first)")
        }
        if format == .jpeg && channels == 4 {
            throw .encodingFailed(format: format, reason: "JPEG has no alpha (drop it with .bgraToBgr, or write PNG)")
        }
        let parameters = encoding.cvParameters
        var bytes: UnsafeMutableRawPointer?
        var length = 0
        let status = withCVImage { image in
            cv_encode(image, format.codecExtension, parameters, Int32(parameters.count), &bytes, &length)
        }
        guard status == 0, let bytes else {
            throw .encodingFailed(format: format, reason: lastCVisionError())
        }
        return Data(bytesNoCopy: bytes, count: length, deallocator: .custom { pointer, _ in cv_free_buffer(pointer) })
    }

    /// Encodes the image and writes it to `url` through the one atomic writer: the file is
    /// either the old one or the whole new one, never a partial write, and a killed write's
    /// temporary is swept by the next run.
    public func write(to url: URL, as encoding: ImageEncoding) throws(ImagingError) {
        let data = try encoded(as: encoding)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw .unwritableFile(path: url.path, reason: FileError.reason(error))
        }
    }
}
