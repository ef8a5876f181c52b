import Foundation

/// A position in a video as ffmpeg writes it: `[-][[HH:]MM:]SS[.fraction]`, e.g. `00:01:02.500`,
/// `1:02.5` or `62.5`.
struct TimePosition: Sendable, Equatable {
    /// The text as given, passed to ffmpeg unchanged.
    let text: String
    /// Seconds from the start, ≥ 0.
    let seconds: Double

    /// Parses `text`; nil unless it is a non-negative time in one of the forms above.
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let fields = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count) else { return nil }
        var total = 0.0
        for (position, field) in fields.enumerated() {
            let isLast = position == fields.count - 1
            guard !field.isEmpty, field.allSatisfy({ $0.isASCII && ($0.isNumber || (isLast && $0 == ".")) }),
                  let value = Double(field) else { return nil }
            if position > 0 && value >= 60 { return nil }
            total = total * 60 + value
        }
        guard total.isFinite else { return nil }
        self.text = trimmed
        self.seconds = total
    }
}
