import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress of a long-running command (frames extracted, faces found, iterations trained).
///
/// On a terminal it keeps one line up to date: count/total, percent, rate (units per second)
/// and ETA. Elsewhere (logs, pipes, CI) it prints plain lines: one each time another
/// `percentStep` percent is done, one at least every `lineInterval` seconds while work goes
/// on, and a final summary from `finish()`. Safe to call from several threads at once.
public final class ProgressReporter: @unchecked Sendable {
    /// How progress is shown.
    public enum Style: Sendable, Equatable {
        /// One line redrawn in place with a carriage return.
        case terminal
        /// Separate lines, newline-terminated, at most every few percent or seconds.
        case plainLines

        /// `.terminal` when standard error is a terminal, else `.plainLines`.
        public static var forStandardError: Style {
            isatty(STDERR_FILENO) != 0 ? .terminal : .plainLines
        }
    }

    private let label: String
    private let unit: String
    private let style: Style
    private let percentStep: Int
    private let lineInterval: Double
    private let redrawInterval: Double = 0.1
    private let output: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double

    private let lock = NSLock()
    private var done = 0
    private var total: Int?
    private let start: Double
    /// Units done before the reporter began, left out of rates.
    private let startingAt: Int
    private var lastOutput: Double
    private var printedSteps = 0
    private var finished = false
    private var drewLine = false

    /// - Parameters:
    ///   - label: what is being done, e.g. "Extracting frames".
    ///   - unit: what is counted, plural, e.g. "frames"; used in rates ("12.5 frames/s").
    ///   - total: how many units there will be, when known; may be set later.
    ///   - style: terminal or plain lines; by default decided by whether stderr is a terminal.
    ///   - percentStep: plain lines: print a line each time this many more percent are done (1–100).
    ///   - lineInterval: plain lines: seconds after which a line is printed even without a new step.
    ///   - output: receives the text to show, including `\r`/`\n`; by default standard error.
    ///   - clock: monotonic seconds; injectable for tests.
    ///   - startingAt: units done before this reporter began (shown, but left out of rates).
    public init(
        label: String,
        unit: String = "items",
        total: Int? = nil,
        startingAt: Int = 0,
        style: Style = .forStandardError,
        percentStep: Int = 10,
        lineInterval: Double = 5,
        output: @escaping @Sendable (String) -> Void = ProgressReporter.writeToStandardError,
        clock: @escaping @Sendable () -> Double = ProgressReporter.monotonicSeconds
    ) {
        self.label = label
        self.unit = unit
        self.total = total
        self.style = style
        self.percentStep = min(max(percentStep, 1), 100)
        self.lineInterval = lineInterval
        self.output = output
        self.clock = clock
        self.start = clock()
        self.lastOutput = start
        self.startingAt = startingAt
    }

    /// Units done so far.
    public var completed: Int {
        lock.withLock { done }
    }

    /// Sets or clears the total once it is known.
    public func setTotal(_ total: Int?) {
        lock.withLock { self.total = total }
    }

    /// Counts `count` more units as done.
    public func advance(by count: Int = 1) {
        lock.withLock {
            done += count
            report()
        }
    }

    /// Sets the number of units done (and the total, when given) to absolute values.
    public func update(done: Int, total: Int? = nil) {
        lock.withLock {
            self.done = done
            if let total { self.total = total }
            report()
        }
    }

    /// Prints the final summary ("label: done, N units in T s (R units/s)"); later calls do nothing.
    public func finish() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            let elapsed = clock() - start
            var line = "\(label): done, \(done) \(unit) in \(String(format: "%.1f", elapsed)) s"
            if elapsed > 0, done > startingAt { line += " (\(formattedRate(elapsed: elapsed)))" }
            output(style == .terminal ? "\r\u{1B}[2K\(line)\n" : "\(line)\n")
        }
    }

    /// Ends the display without a summary (the work failed or was abandoned): on a terminal,
    /// moves past the progress line so the next message starts on a fresh line.
    public func cancel() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            if style == .terminal && drewLine { output("\n") }
        }
    }

    /// Writes `text` to standard error unbuffered.
    public static let writeToStandardError: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Seconds from an arbitrary fixed point, never going backwards.
    public static let monotonicSeconds: @Sendable () -> Double = {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// Emits a line if the style's throttling allows; called with the lock held.
    private func report() {
        guard !finished else { return }
        let now = clock()
        switch style {
        case .terminal:
            guard now - lastOutput >= redrawInterval || done == total else { return }
            lastOutput = now
            drewLine = true
            output("\r\u{1B}[2K\(statusLine(now: now))")
        case .plainLines:
            var dueToStep = false
            if let total, total > 0 {
                let steps = min(done, total) * 100 / total / percentStep
                if steps > printedSteps, steps * percentStep < 100 {
                    printedSteps = steps
                    dueToStep = true
                }
            }
            guard dueToStep || now - lastOutput >= lineInterval else { return }
            lastOutput = now
            output("\(statusLine(now: now))\n")
        }
    }

    /// "label: 20/100 (20%), 12.5 frames/s, ETA 0:06"; parts without data are left out.
    private func statusLine(now: Double) -> String {
        let elapsed = now - start
        var parts: [String] = []
        if let total, total > 0 {
            parts.append("\(done)/\(total) (\(min(done * 100 / total, 100))%)")
        } else {
            parts.append("\(done) \(unit)")
        }
        if elapsed > 0, done > startingAt {
            parts.append(formattedRate(elapsed: elapsed))
            if let total, total > done {
                let remaining = Double(total - done) / (Double(done - startingAt) / elapsed)
                parts.append("ETA \(formattedDuration(remaining))")
            }
        }
        return "\(label): " + parts.joined(separator: ", ")
    }

    private func formattedRate(elapsed: Double) -> String {
        "\(String(format: "%.1f", Double(done - startingAt) / elapsed)) \(unit)/s"
    }

    /// `m:ss` below an hour, `h:mm:ss` above.
    private func formattedDuration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, secs)
            : String(format: "%d:%02d", minutes, secs)
    }
}

/// The one progress type of long work: units done so far and the expected total (nil when
/// unknown). Called from any thread, possibly many times per second.
public typealias ProgressUpdate = @Sendable (_ done: Int, _ total: Int?) -> Void

extension ProgressReporter {
    /// Runs `body` with a `ProgressUpdate` that drives a reporter labelled `label` on standard
    /// error; prints the summary line when `body` succeeds and closes the display when it throws.
    public static func showing<Result>(_ label: String, unit: String,
                                       _ body: (@escaping ProgressUpdate) throws -> Result) throws -> Result {
        let reporter = ProgressReporter(label: label, unit: unit)
        do {
            let result = try body { done, total in reporter.update(done: done, total: total) }
            reporter.finish()
            return result
        } catch {
            reporter.cancel()
            throw error
        }
    }
}
