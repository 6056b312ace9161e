import Testing
@testable import Model

extension ModelTests {
    /// Training: AdamW drives the masked loss to zero on a fixed batch, and only target tokens count.
    @Suite struct TrainingTests {
        @Test func lossOnFixedBatchGoesNearZero() throws {
            let model = try Transformer(config: Fixtures.small, seed: 1)
            let batch = (0..<4).map { i in
                TrainingExample(prompt: Fixtures.tokens(10 + 3 * i, vocab: 64, seed: UInt64(40 + i)),
                                target: Fixtures.tokens(6, vocab: 63, seed: UInt64(50 + i)) + [63])
            }
            let trainer = try Trainer(model: model, options: AdamWOptions(learningRate: 3e-3, warmupSteps: 5))
            let first = try trainer.step(batch)
            var last = first
            for _ in 0..<150 { last = try trainer.step(batch) }
            let final = try trainer.loss(batch)
            print("training: loss \(first.loss) → \(final) after \(trainer.stepCount) steps")
            #expect(first.loss > 3)
            #expect(final < 0.05)
            #expect(last.targetTokens == 28)
            #expect(last.tokens == batch.map(\.tokens.count).reduce(0, +))
        }

        @Test func promptTokensAddNoLoss() throws {
            let model = try Fixtures.randomModel(Fixtures.small, seed: 9, scale: 0.1)
            let trainer = try Trainer(model: model)
            let prompt = Fixtures.tokens(12, vocab: 64, seed: 60), target = Fixtures.tokens(5, vocab: 64, seed: 61)
            let masked = try trainer.loss([TrainingExample(prompt: prompt, target: target)])
            let scored = try model.meanNLL(prefix: prompt, continuations: [ScoringContinuation(tokens: target, lossStart: 0)])
            let everything = try trainer.loss([TrainingExample(tokens: prompt + target, lossStart: 1)])
            #expect(abs(masked - scored[0]) < 1e-5)
            #expect(abs(masked - everything) > 1e-3)
        }

        @Test func cosineScheduleWarmsUpThenDecays() {
            let options = AdamWOptions(learningRate: 1, warmupSteps: 4, schedule: .cosine, totalSteps: 14,
                                       minLearningRateFraction: 0.1)
            #expect(options.learningRate(at: 0) == 0.25)
            #expect(options.learningRate(at: 3) == 1)
            #expect(abs(options.learningRate(at: 9) - 0.55) < 1e-6)
            #expect(abs(options.learningRate(at: 14) - 0.1) < 1e-6)
            #expect(AdamWOptions(learningRate: 2, warmupSteps: 2).learningRate(at: 50) == 2)
        }

        @Test func badBatchesThrow() throws {
            let trainer = try Trainer(model: try Transformer(config: Fixtures.small, seed: 1))
            #expect(throws: ModelError.self) { try trainer.step([]) }
            #expect(throws: ModelError.self) { try trainer.step([TrainingExample(tokens: [1, 2], lossStart: 0)]) }
            #expect(throws: ModelError.self) { try trainer.step([TrainingExample(prompt: [1], target: Array(repeating: 2, count: 64))]) }
            #expect(throws: ModelError.self) { try Trainer(model: try Transformer(config: Fixtures.small, seed: 1),
                                                          options: AdamWOptions(learningRate: -1)) }
        }
    }
}
