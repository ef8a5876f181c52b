// Sorts an aligned-faces folder with one method and prints what it took as one JSON line:
// the run-sort benchmark's Masque side. Nothing in the folder is moved.
// Usage: bench-sort --folder DIR --method NAME
import Dispatch
import FaceSet
import Foundation

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

guard let folder = argument("--folder"), let methodName = argument("--method") else {
    FileHandle.standardError.write(Data("usage: bench-sort --folder DIR --method NAME\n".utf8))
    exit(2)
}
do {
    let method = try SortMethodTable.method(named: methodName)
    let start = DispatchTime.now().uptimeNanoseconds
    let faces = try FacesetSorter.faces(in: URL(fileURLWithPath: folder),
                                        readMetadata: method.readsMetadata ? FaceMetadata.read(from:) : nil)
    let outcome = try method.sort(faces, options: SortOptions())
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let kept = outcome.kept.map { faces[$0].fileName }
    let report: [String: Any] = [
        "method": method.name, "count": faces.count, "kept": kept.count, "seconds": seconds,
        "cores": ProcessInfo.processInfo.activeProcessorCount, "order": kept,
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("bench-sort: \(error)\n".utf8))
    exit(1)
}
