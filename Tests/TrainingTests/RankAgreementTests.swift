import Testing
@testable import Training

@Suite struct RankAgreementTests {
    @Test func theFirstDifferingKeyIsNamedWithBothValues() {
        let rankZero = [("model", "saehd"), ("src", "/a"), ("batch_size", "4")]
        #expect(RankAgreement.firstDifference(rankZero, from: rankZero, rank: 1) == nil)
        #expect(RankAgreement.firstDifference([("model", "saehd"), ("src", "/a"), ("batch_size", "8")], from: rankZero, rank: 1)
                == "rank 1 was started with batch_size 8, rank 0 with 4")
        #expect(RankAgreement.firstDifference([("model", "saehd"), ("src", "/b")], from: rankZero, rank: 2)
                == "rank 2 was started with src /b, rank 0 with /a")
        #expect(RankAgreement.firstDifference([("model", "saehd"), ("src", "/a")], from: rankZero, rank: 1)
                == "rank 1 was started with batch_size (none), rank 0 with 4")
    }

    @Test func theDescriptionTravelsAsKeyValueLines() {
        let description = [("model_dir", "/w/model"), ("archi", "liae-ud=x")]
        let parsed = RankAgreement.parse(RankAgreement.text(description))
        #expect(parsed.map(\.key) == ["model_dir", "archi"] && parsed.map(\.value) == ["/w/model", "liae-ud=x"])
    }
}
