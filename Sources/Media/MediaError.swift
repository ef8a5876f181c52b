import Foundation
import Support

/// Failures of the video tools. Each `description` is one line naming the file and the fix.
public enum MediaError: MasqueError, Equatable {
    /// ffmpeg or ffprobe is not on PATH and its override variable is not set.
    case toolNotFound(tool: String, variable: String)
    /// The override variable names something that is not an executable file.
    case toolOverrideInvalid(tool: String, variable: String, path: String)
    /// A tool could not be started at all.
    case toolLaunchFailed(tool: String, path: String, reason: String)
    /// ffprobe cannot read the file as media.
    case notAVideo(path: String, reason: String)
    /// The file is media but holds no video stream (audio only, cover art only).
    case noVideoStream(path: String)
    /// An input file or folder does not exist.
    case missingInput(path: String)
    /// A folder was expected and the path is a file.
    case notAFolder(path: String)
    /// A file's name is not valid UTF-8 (shown with `\xNN` for the bad bytes).
    case undecodableName(path: String)
    /// A frames folder holds no images of the accepted kinds.
    case noImages(folder: String, extensions: [String])
    /// Images in a folder use more than one extension where one is required.
    case mixedImageExtensions(folder: String, extensions: [String])
    /// An image file is cut short (JPEG without its end marker, PNG without IEND) or is not that format.
    case incompleteImage(path: String, format: String)
    /// An option value is outside what the command accepts.
    case invalidOption(name: String, value: String, expected: String)
    /// A rename would overwrite a file that is not part of the operation.
    case fileInTheWay(path: String)
    /// A file or folder operation failed.
    case fileOperationFailed(path: String, reason: String)
    /// ffmpeg ran and failed; `detail` is its last error line.
    case ffmpegFailed(file: String, status: Int32, detail: String)
    /// A workspace rule refused the run (the folder is locked by another masque process, or
    /// going ahead would replace data with less); `message` is that rule's own line.
    case refused(message: String)

    public var message: String {
        switch self {
        case .toolNotFound(let tool, let variable):
            return "\(tool) not found on PATH (install it: apt-get install ffmpeg, or set \(variable))"
        case .toolOverrideInvalid(let tool, let variable, let path):
            return "\(variable)=\(path) is not an executable \(tool); point \(variable) at the \(tool) binary or unset it to search PATH"
        case .toolLaunchFailed(let tool, let path, let reason):
            return "could not start \(tool) at \(path): \(reason); reinstall ffmpeg or set MASQUE_\(tool.uppercased())"
        case .notAVideo(let path, let reason):
            return "\(path) is not a video ffprobe can read (\(reason)); check the file or re-export it as mp4"
        case .noVideoStream(let path):
            return "\(path) has no video stream; give a video file (mp4, mov, avi, mkv, ...)"
        case .missingInput(let path):
            return "\(path) does not exist; check the path"
        case .notAFolder(let path):
            return "\(path) is a file, not a folder; give the folder that holds the frames"
        case .undecodableName(let path):
            return "\(path) has a name that is not valid UTF-8; rename it (e.g. convmv -f latin1 -t utf8 --notest) and run again"
        case .noImages(let folder, let extensions):
            return "\(folder) holds no \(extensions.joined(separator: "/")) images; extract or merge frames into it first"
        case .mixedImageExtensions(let folder, let extensions):
            return "\(folder) mixes image types (\(extensions.joined(separator: ", "))); convert them to one type first"
        case .incompleteImage(let path, let format):
            return "\(path) is not a complete \(format) image (truncated or damaged); re-create or remove it"
        case .invalidOption(let name, let value, let expected):
            return "\(name) \(value) is invalid: expected \(expected)"
        case .fileInTheWay(let path):
            return "\(path) is in the way of renaming frames; move it out of the folder and run again"
        case .fileOperationFailed(let path, let reason):
            return "\(path): \(reason); check permissions and free space"
        case .ffmpegFailed(let file, let status, let detail):
            return "ffmpeg failed on \(file) (exit \(status)): \(detail); check the input and options"
        case .refused(let message):
            return message
        }
    }

}
