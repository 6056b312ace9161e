import Testing
@testable import Evaluation

/// Exact match uses NIV2's normalize_answer: lower-case, no ASCII punctuation, collapsed whitespace.
@Suite struct ExactMatchTests {
    @Test func normalizes() {
        #expect(ExactMatch.normalize("  The  Answer:\tYES! ") == "the answer yes")
        #expect(ExactMatch.normalize("non\u{00A0}breaking\u{1C}sep") == "non breaking sep")
    }

    @Test func keepsArticlesAsNIV2Does() throws {
        #expect(try !ExactMatch.matches(prediction: "the cat", references: ["cat"]))
        #expect(try ExactMatch.matches(prediction: "The cat.", references: ["dog", "the cat"]))
    }

    @Test func comparesCodePointsLikePython() throws {
        #expect(try !ExactMatch.matches(prediction: "é", references: ["e\u{301}"]))
        #expect(try ExactMatch.matches(prediction: "ΟΔΟΣ", references: ["οδος"]))
    }

    @Test func matchesNIV2OnReferencePairs() throws {
        for pair in try ReferenceData.pairs() {
            #expect(ExactMatch.normalize(pair.prediction) == pair.normalizedPrediction, "\(pair.prediction)")
            #expect(try ExactMatch.matches(prediction: pair.prediction, references: pair.references)
                    == pair.exactMatch, "\(pair.prediction) vs \(pair.references)")
        }
    }
}
