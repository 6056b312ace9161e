import Testing
@testable import Model

extension ModelTests {
    /// Results do not depend on the number of threads beyond floating-point tolerance.
    @Suite struct ThreadCountTests {
        @Test func lossGradientsScoresAndDecodingAgreeAcrossThreadCounts() throws {
            let before = Compute.threads
            defer { Compute.setThreads(before) }
            // Wide enough that GEMMs are split over threads and attention runs in parallel.
            let config = ModelConfig(vocabSize: 256, contextLength: 160, layers: 2, heads: 4, width: 128)
            let model = try Fixtures.randomModel(config, seed: 13, scale: 0.05)
            let batch = [TrainingExample(prompt: Fixtures.tokens(120, vocab: 256, seed: 70), target: [3, 4, 5]),
                         TrainingExample(prompt: Fixtures.tokens(9, vocab: 256, seed: 71), target: [6, 63])]
            let prompts = [Fixtures.tokens(100, vocab: 256, seed: 72), Fixtures.tokens(4, vocab: 256, seed: 73)]
            var runs: [(loss: Double, gradients: [Float], scores: [Double], decoded: [DecodedSequence])] = []
            for threads in [1, 2] {
                Compute.setThreads(threads)
                let trainer = try Trainer(model: model)
                let (loss, _, _) = try trainer.computeGradients(batch)
                let gradients = Array(UnsafeBufferPointer(start: trainer.gradients, count: model.parameterCount))
                let scores = try model.meanNLL(prefix: prompts[0], continuations: [ScoringContinuation(tokens: [1, 2, 3], lossStart: 1)])
                runs.append((loss, gradients, scores, try model.greedyDecode(prompts: prompts, maxNewTokens: 8)))
            }
            let gradientDiff = zip(runs[0].gradients, runs[1].gradients).map { abs($0 - $1) }.max() ?? 0
            print("threads 1 vs 2: |Δloss| \(abs(runs[0].loss - runs[1].loss)), max |Δgrad| \(gradientDiff)")
            #expect(abs(runs[0].loss - runs[1].loss) < 1e-5)
            #expect(gradientDiff < 1e-5)
            #expect(abs(runs[0].scores[0] - runs[1].scores[0]) < 1e-5)
            #expect(runs[0].decoded == runs[1].decoded)
        }
    }
}
