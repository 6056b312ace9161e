import Foundation
import Testing
@testable import Selection

/// The aggregation formulas of method.md on hand-computed numbers.
@Suite struct PromptUncertaintyTests {
    @Test func handComputedCase() {
        // Instance 1: p0 0.5, perturbed 0.4, 0.7 → |−0.1| + |0.2| = 0.3.
        // Instance 2: p0 0.2, perturbed 0.2, 0.1 → 0 + 0.1 = 0.1.  Total 0.4 / (n·k = 4) = 0.1.
        let p = [[0.5, 0.4, 0.7], [0.2, 0.2, 0.1]]
        #expect(abs(PromptUncertainty.uncertainty(p) - 0.1) < 1e-15)
        #expect(abs(PromptUncertainty.predictionProbability(p) - 0.35) < 1e-15)
        #expect(abs(PromptUncertainty.perplexity(cleanMeanNLL: [log(2), log(4)]) - 3) < 1e-12)
        #expect(abs(PromptUncertainty.probability(meanNLL: log(5)) - 0.2) < 1e-15)
    }

    @Test func noPerturbationsMeansNoUncertainty() {
        #expect(PromptUncertainty.uncertainty([[0.3], [0.9]]) == 0)
        #expect(PromptUncertainty.uncertainty([[0.3, 0.3], [0.9, 0.9]]) == 0)
    }

    @Test func commonPrefixOfTokenSequences() {
        #expect(ScoringPlan.commonPrefixLength([[1, 2, 3, 4], [1, 2, 5], [1, 2, 3]]) == 2)
        #expect(ScoringPlan.commonPrefixLength([[1, 2], [1, 2]]) == 2)
        #expect(ScoringPlan.commonPrefixLength([[7, 2], [1, 2]]) == 0)
        #expect(ScoringPlan.commonPrefixLength([[4, 5, 6]]) == 3)
    }
}
