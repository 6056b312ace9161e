import Testing
@testable import Evaluation

/// ROUGE-L matches rouge_score's `RougeScorer(['rougeL'], use_stemmer=True)`.
@Suite struct RougeLTests {
    let rouge = RougeL()

    @Test func handComputedLCS() {
        // 5 common tokens; 6 predicted, 5 in the reference: P = 5/6, R = 1, F = 10/11.
        let s = rouge.score(prediction: "The cat sat on the mat.", reference: "the cat on the mat")
        #expect(abs(s.precision - 5.0 / 6.0) < 1e-15)
        #expect(s.recall == 1)
        #expect(abs(s.fmeasure - 10.0 / 11.0) < 1e-15)
    }

    @Test func stemmingMakesInflectionsMatch() {
        #expect(rouge.score(prediction: "cats running", reference: "cat runs").fmeasure == 1)
        let unstemmed = RougeL(tokenizer: RougeTokenizer(usesStemmer: false))
        #expect(unstemmed.score(prediction: "cats running", reference: "cat runs").fmeasure == 0)
    }

    @Test func emptyTextScoresZero() {
        #expect(rouge.score(prediction: "", reference: "abc").fmeasure == 0)
        #expect(rouge.score(prediction: "...", reference: "").fmeasure == 0)
    }

    @Test func bestOverReferences() throws {
        let f = try rouge.fmeasure(prediction: "yes", references: ["no", "Yes!", "maybe"])
        #expect(f == 1)
    }

    @Test func noReferencesIsAnError() {
        #expect(throws: EvaluationError.self) { try rouge.fmeasure(prediction: "yes", references: []) }
    }

    @Test func tokenizerKeepsOnlyLatinLettersAndDigits() {
        // "İ" lower-cases to "i" plus a combining dot, which splits the word as in rouge_score.
        #expect(RougeTokenizer().tokenize("İstanbul, 3.14 — café 北京") == ["i", "stanbul", "3", "14", "caf"])
    }

    @Test func matchesRougeScoreOnReferencePairs() throws {
        let pairs = try ReferenceData.pairs()
        #expect(pairs.count >= 300)
        var worst = 0.0
        for pair in pairs {
            #expect(rouge.tokenizer.tokenize(pair.prediction) == pair.predictionTokens, "\(pair.prediction)")
            for (reference, expected) in zip(pair.references, pair.scores) {
                let s = rouge.score(prediction: pair.prediction, reference: reference)
                worst = max(worst, abs(s.precision - expected[0]), abs(s.recall - expected[1]),
                            abs(s.fmeasure - expected[2]))
            }
            let best = try rouge.fmeasure(prediction: pair.prediction, references: pair.references)
            worst = max(worst, abs(best - pair.rougeL))
        }
        #expect(worst <= 1e-9, "max |difference| \(worst)")
    }
}
