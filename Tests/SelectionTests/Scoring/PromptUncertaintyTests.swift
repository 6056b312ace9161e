import Foundation
import Testing
import Model
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
        #expect(TokenPrefix.commonLength([[1, 2, 3, 4], [1, 2, 5], [1, 2, 3]]) == 2)
        #expect(TokenPrefix.commonLength([[1, 2], [1, 2]]) == 2)
        #expect(TokenPrefix.commonLength([[7, 2], [1, 2]]) == 0)
        #expect(TokenPrefix.commonLength([[4, 5, 6]]) == 3)
    }

    @Test func workloadCountsEveryComputedPosition() {
        // Variant 0 prompts share 3 tokens, variant 1 prompts 2; targets of 3 and 2 tokens (EOS included).
        func instance(_ prompts: [[Int32]], _ target: [Int32]) -> ScoredInstance {
            ScoredInstance(id: "i", output: "", p: [1, 1], meanNLL: [0, 0], promptTokens: prompts, targetTokens: target)
        }
        let score = TaskScore(task: "t", kind: .generation, promptUncertainty: 0, predictionProbability: 1, perplexity: 1)
        let task = ScoredTask(score: score, instances: [instance([[1, 2, 3, 4], [1, 7, 4]], [9, 9, 0]),
                                                        instance([[1, 2, 3, 5, 6], [1, 7, 5, 6]], [8, 0])])
        let workload = ScoringWorkload(task)
        // Naive: decoding 4 + 5 prompt rows + 3 generated; the pass 9 + 7 prompt rows + 2 × 5 target rows.
        #expect(workload.positions(prefixReuse: false) == 38)
        // Reuse: decoding shares 3 prompt tokens; the pass shares 2 of variant 0 and 1 of variant 1.
        #expect(workload.positions(prefixReuse: true) == 32)
    }
}
