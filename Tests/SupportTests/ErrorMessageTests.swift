import Foundation
@testable import Support
import Testing

@Suite struct ErrorMessageTests {
    struct Multiline: LocalizedError {
        var errorDescription: String? { "first line\n  second line\n" }
    }

    @Test func masqueErrorsUseTheirMessage() {
        let error = FileError.missingInput(path: "/w/data_src.mp4")
        #expect(ErrorMessage.oneLine(error) == "/w/data_src.mp4 does not exist; check the path or put the file there")
    }

    @Test func otherErrorsAreFoldedIntoOneLine() {
        #expect(ErrorMessage.oneLine(Multiline()) == "first line; second line")
    }
}
