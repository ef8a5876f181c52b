import Foundation
import Testing
@testable import Provenance

@Suite struct SyntheticMediaLabelTests {
    @Test func jsonIsCompactWithSortedKeys() {
        let json = String(decoding: LabelFixtures.label.json(), as: UTF8.self)
        #expect(json == #"{"date":"2025-12-02T10:00:00Z","#
            + #""digital_source_type":"http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia","#
            + #""generator":"Masque 0.1.0","manipulation":"face replaced","#
            + #""model":{"name":"new_SAEHD","weights_sha256":""# + String(repeating: "ab", count: 32) + #""},"#
            + #""synthetic":true,"version":1}"#)
    }

    @Test func roundTripsThroughJSON() throws {
        let label = LabelFixtures.label
        #expect(try SyntheticMediaLabel(json: label.json(), source: "x") == label)
    }

    @Test func defaultsNameThisReleaseAndNow() throws {
        let label = SyntheticMediaLabel(modelName: "m", weightsSHA256: "00")
        #expect(label.generator == "Masque \(MasqueRelease.version)")
        #expect(label.synthetic && label.version == SyntheticMediaLabel.currentVersion)
        let formatter = ISO8601DateFormatter()
        let date = try #require(formatter.date(from: label.date))
        #expect(abs(date.timeIntervalSinceNow) < 60)
        #expect(label.date.hasSuffix("Z") && label.date.count == 20)
    }

    @Test func statementSaysWhatWasDone() {
        #expect(LabelFixtures.label.statement == "a face was replaced by Masque 0.1.0 with model new_SAEHD (weights sha256 "
            + String(repeating: "ab", count: 32) + ") on 2025-12-02T10:00:00Z")
    }

    @Test func unknownKeysAreIgnoredSoLaterFieldsCanJoin() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: LabelFixtures.label.json()) as? [String: Any])
        object["watermark"] = ["id": "later"]
        let json = try JSONSerialization.data(withJSONObject: object)
        #expect(try SyntheticMediaLabel(json: json, source: "x") == LabelFixtures.label)
    }

    @Test func refusesLabelsThatDoNotSaySynthetic() throws {
        let notSynthetic = String(decoding: LabelFixtures.label.json(), as: UTF8.self)
            .replacingOccurrences(of: #""synthetic":true"#, with: #""synthetic":false"#)
        #expect(throws: ProvenanceError.unreadableLabel(path: "f.png", reason: "it does not say the file is synthetic")) {
            try SyntheticMediaLabel(json: Data(notSynthetic.utf8), source: "f.png")
        }
        #expect(throws: ProvenanceError.unreadableLabel(path: "f.png", reason: "it has no generator")) {
            try SyntheticMediaLabel(json: Data(#"{"version":1,"synthetic":true,"manipulation":"face replaced"}"#.utf8), source: "f.png")
        }
        #expect(throws: ProvenanceError.unreadableLabel(path: "f.png", reason: "it is not label JSON")) {
            try SyntheticMediaLabel(json: Data("a comment".utf8), source: "f.png")
        }
    }
}
