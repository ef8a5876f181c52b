import Foundation
@testable import Support
import Testing

/// Text a reporter printed, plus a clock the test moves by hand.
final class ReporterHarness: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var time = 100.0

    var printed: String { lock.withLock { text } }
    var lines: [String] { printed.split(separator: "\n").map(String.init) }

    func advanceClock(by seconds: Double) {
        lock.withLock { time += seconds }
    }

    func reporter(total: Int?, style: ProgressReporter.Style) -> ProgressReporter {
        ProgressReporter(
            label: "Extracting frames", unit: "frames", total: total, style: style,
            output: { [self] chunk in lock.withLock { text += chunk } },
            clock: { [self] in lock.withLock { time } }
        )
    }
}

@Suite struct ProgressReporterTests {
    @Test func plainLinesEveryTenPercentThenASummary() {
        let harness = ReporterHarness()
        let reporter = harness.reporter(total: 200, style: .plainLines)
        for _ in 0..<200 {
            harness.advanceClock(by: 0.01)
            reporter.advance()
        }
        reporter.finish()
        let lines = harness.lines
        #expect(lines.count == 10)
        #expect(lines[0] == "Extracting frames: 20/200 (10%), 100.0 frames/s, ETA 0:02")
        #expect(lines[8].hasPrefix("Extracting frames: 180/200 (90%)"))
        #expect(lines[9] == "Extracting frames: done, 200 frames in 2.0 s (100.0 frames/s)")
        #expect(!harness.printed.contains("\r"))
    }

    @Test func plainLinesWithoutTotalComeEveryFewSeconds() {
        let harness = ReporterHarness()
        let reporter = harness.reporter(total: nil, style: .plainLines)
        for _ in 0..<12 {
            harness.advanceClock(by: 1)
            reporter.advance(by: 3)
        }
        #expect(harness.lines == [
            "Extracting frames: 15 frames, 3.0 frames/s",
            "Extracting frames: 30 frames, 3.0 frames/s",
        ])
    }

    @Test func absoluteUpdatesMayJumpSeveralSteps() {
        let harness = ReporterHarness()
        let reporter = harness.reporter(total: nil, style: .plainLines)
        harness.advanceClock(by: 1)
        reporter.update(done: 55, total: 100)
        harness.advanceClock(by: 1)
        reporter.update(done: 58)
        #expect(harness.lines == ["Extracting frames: 55/100 (55%), 55.0 frames/s, ETA 0:01"])
        #expect(reporter.completed == 58)
    }

    @Test func terminalRedrawsOneLineAndEndsWithNewline() {
        let harness = ReporterHarness()
        let reporter = harness.reporter(total: 4, style: .terminal)
        for _ in 0..<4 {
            harness.advanceClock(by: 0.5)
            reporter.advance()
        }
        reporter.finish()
        let printed = harness.printed
        #expect(printed.components(separatedBy: "\r").count == 6)
        #expect(printed.contains("3/4 (75%), 2.0 frames/s, ETA 0:01"))
        #expect(printed.hasSuffix("Extracting frames: done, 4 frames in 2.0 s (2.0 frames/s)\n"))
        #expect(printed.filter { $0 == "\n" }.count == 1)
    }

    @Test func cancelEndsTheTerminalLineWithoutSummary() {
        let harness = ReporterHarness()
        let reporter = harness.reporter(total: 10, style: .terminal)
        harness.advanceClock(by: 1)
        reporter.advance()
        reporter.cancel()
        reporter.finish()
        #expect(harness.printed.hasSuffix("\n"))
        #expect(!harness.printed.contains("done"))
    }

    @Test func countsEveryAdvanceFromManyThreads() {
        let harness = ReporterHarness()
        let reporter = harness.reporter(total: 8000, style: .plainLines)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1000 { reporter.advance() }
        }
        reporter.finish()
        #expect(reporter.completed == 8000)
        #expect(harness.lines.last?.hasPrefix("Extracting frames: done, 8000 frames") == true)
    }
}
