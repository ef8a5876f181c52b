import Foundation
import Support

/// DFL's interactive questions on a terminal: each option's question with its default (the
/// stored value for a saved model), Enter keeps it, `?` shows the help. A saved model is asked
/// only the options DFL lets change.
enum OptionPrompt {
    static func ask(_ descriptors: [OptionDescriptor], given: [String: OptionValue], stored: [String: OptionValue]?)
        throws -> [String: OptionValue] {
        var answers: [String: OptionValue] = [:]
        for descriptor in descriptors where given[descriptor.name] == nil {
            if stored != nil, descriptor.fixedAfterCreation { continue }
            let current = stored?[descriptor.name] ?? descriptor.defaultValue
            while true {
                Train.emit("[\(current)] \(descriptor.prompt) ( \(descriptor.kindDescription) ?:help ) : ")
                guard let line = readLine()?.trimmingCharacters(in: .whitespaces) else { return answers }
                if line.isEmpty { break }
                if line == "?" {
                    Train.emit(descriptor.help + "\n")
                    continue
                }
                do {
                    let (value, note) = try descriptor.normalized(.string(line))
                    if let note { Train.emit("note: \(note)\n") }
                    answers[descriptor.name] = value
                    break
                } catch {
                    Train.emit(error.message + "\n")
                }
            }
        }
        return answers
    }
}
