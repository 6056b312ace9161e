import Model
import Tasks
import Testing

@Suite("TaskTrainer")
struct TaskTrainerTests {
    static let config = ModelConfig(vocabSize: 8192, contextLength: 128, layers: 1, heads: 2, width: 32)

    /// A small echo task: the target is the input's first word, from one of two references.
    static func task(_ id: String, instances: Int = 12) -> InstructionTask {
        let words = ["apple", "river", "stone", "cloud", "green", "music"]
        return InstructionTask(
            id: id, definition: "Repeat the first word of the input.",
            positiveExamples: [TaskExample(input: "tree house", output: "tree")],
            instances: (0..<instances).map { i in
                let w = words[i % words.count]
                return TaskInstance(id: "\(id)-\(i)", input: "\(w) and more words here", outputs: [w, w.uppercased()])
            },
            format: .niv2, kind: .generation)
    }

    @Test("examples: seeded sample, clean prompt within budget, one reference + EOS as target, loss on the target")
    func examples() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let recipe = TrainingRecipe(instancesPerTask: 5, epochs: 1, batchSize: 2, maxTargetTokens: 4, seed: 3)
        let trainer = try TaskTrainer(recipe: recipe, tokenizer: tokenizer)
        let examples = trainer.examples(for: [Self.task("a"), Self.task("b")], contextLength: 64)
        #expect(examples.count == 10)
        #expect(examples == trainer.examples(for: [Self.task("a"), Self.task("b")], contextLength: 64))
        let encoder = PromptEncoder(tokenizer: tokenizer, contextLength: 64, maxTargetTokens: 4)
        var seenReferences = Set<String>()
        for example in examples {
            #expect(example.lossStart <= encoder.promptBudget)
            #expect(example.tokens.count <= 64)
            #expect(example.tokens.last == tokenizer.eosID)
            let target = tokenizer.decode(example.tokens[example.lossStart..<(example.tokens.count - 1)])
            seenReferences.insert(target == target.uppercased() ? "upper" : "lower")
            #expect(tokenizer.decode(example.tokens[..<example.lossStart]).hasSuffix("Output:"))
        }
        // The target is drawn from both references, not always the first.
        #expect(seenReferences == ["upper", "lower"])
    }

    @Test("training drives the loss down, reports every step and is deterministic")
    func trainingLearns() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let recipe = TrainingRecipe(instancesPerTask: 12, epochs: 25, batchSize: 6, maxTargetTokens: 4,
                                    optimizer: AdamWOptions(learningRate: 1e-2, warmupSteps: 2))
        let trainer = try TaskTrainer(recipe: recipe, tokenizer: tokenizer)
        var steps: [TrainingProgress] = []
        let model = try Transformer(config: Self.config, seed: 1)
        let summary = try trainer.train(model, on: [Self.task("a")], progress: { steps.append($0) })
        #expect(steps.map(\.step) == Array(1...50))
        #expect(steps.allSatisfy { $0.totalSteps == 50 && $0.tokensPerSecond > 0 })
        #expect(summary.steps == 50 && summary.examples == 12)
        let first = steps[0].loss, last = summary.finalLoss
        #expect(last < 0.4 * first, "loss \(first) → \(last)")
        let twin = try Transformer(config: Self.config, seed: 1)
        try trainer.train(twin, on: [Self.task("a")])
        #expect(twin.flatParameters == model.flatParameters)
    }

    @Test("a cancelled run stops before its first step")
    func cancellation() throws {
        let trainer = try TaskTrainer(recipe: TrainingRecipe(instancesPerTask: 2, epochs: 1), tokenizer: .embeddedDefault())
        let model = try Transformer(config: Self.config, seed: 1)
        let before = model.flatParameters
        #expect(throws: CancellationError.self) { try trainer.train(model, on: [Self.task("a")], isCancelled: { true }) }
        #expect(model.flatParameters == before)
    }

    @Test("invalid recipes are refused, naming the key")
    func invalidRecipe() throws {
        let error = #expect(throws: ModelError.self) {
            try TaskTrainer(recipe: TrainingRecipe(batchSize: 0), tokenizer: .embeddedDefault())
        }
        #expect(error?.description.contains("batchSize") == true)
    }
}
