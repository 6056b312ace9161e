import Testing
@testable import Model

extension ModelTests {
    /// Every parameter's analytic gradient agrees with central finite differences of the masked loss.
    @Suite struct GradientCheckTests {
        /// GPT-2, and the Llama family with and without its optional parts: every kernel's backward pass
        /// (LayerNorm, GELU, RMSNorm, RoPE, SwiGLU, grouped-query attention, biases, tied and untied heads)
        /// shows up in some parameter's gradient.
        @Test(arguments: [Fixtures.tiny, Fixtures.tinyLlama, Fixtures.tinyTiedLlama])
        func everyParameterTensorMatchesFiniteDifferences(config: ModelConfig) throws {
            let model = try Fixtures.randomModel(config, seed: 7)
            let batch = [
                TrainingExample(tokens: Fixtures.tokens(9, vocab: 11, seed: 1), lossStart: 4),
                TrainingExample(tokens: Fixtures.tokens(12, vocab: 11, seed: 2), lossStart: 1),
                TrainingExample(tokens: Fixtures.tokens(5, vocab: 11, seed: 3), lossStart: 3),
            ]
            let trainer = try Trainer(model: model)
            _ = try trainer.computeGradients(batch)
            let analytic = Array(UnsafeBufferPointer(start: trainer.gradients, count: model.parameterCount))
            let h: Float = 1e-2
            var worst = (tensor: "", relative: 0.0)
            for tensor in model.tensors {
                var maxDiff = 0.0, maxGrad = 0.0
                for i in tensor.offset..<(tensor.offset + tensor.count) {
                    let saved = model.parameters[i]
                    model.parameters[i] = saved + h
                    let plus = try trainer.loss(batch)
                    model.parameters[i] = saved - h
                    let minus = try trainer.loss(batch)
                    model.parameters[i] = saved
                    let numeric = (plus - minus) / Double(2 * h)
                    maxDiff = max(maxDiff, abs(numeric - Double(analytic[i])))
                    maxGrad = max(maxGrad, abs(Double(analytic[i])))
                }
                #expect(maxGrad > 1e-4, "gradient of \(tensor.name) is all zero")
                // Relative to the tensor's largest gradient: float32 losses make tiny entries noisy.
                let relative = maxDiff / max(maxGrad, 1e-3)
                #expect(relative < 2e-2, "\(tensor.name): max |numeric − analytic| = \(maxDiff), max |grad| = \(maxGrad)")
                if relative > worst.relative { worst = (tensor.name, relative) }
            }
            print("gradient check (\(config.modelType)): max relative error \(worst.relative) in \(worst.tensor)")
        }
    }
}
