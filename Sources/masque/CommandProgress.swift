import Media
import Workspace

/// A progress display on standard error for one step of a command.
enum CommandProgress {
    /// Runs `body` with a callback that drives a `ProgressReporter` labelled `label`; prints the
    /// summary line when `body` succeeds and closes the display when it throws.
    static func show<Result>(_ label: String, unit: String, _ body: (@escaping MediaProgress) throws -> Result) throws -> Result {
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
