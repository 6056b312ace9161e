import Foundation
import Tasks

/// Fine-tunes a model on instruction tasks with the method's recipe: a seeded sample of each task's
/// instances, the clean Tk-Instruct prompt, one reference chosen at random as the target, loss on the
/// target (and its EOS) only, seeded shuffling each epoch. Deterministic for a given recipe and model.
public struct TaskTrainer: Sendable {
    /// The recipe.
    public let recipe: TrainingRecipe
    /// The tokenizer of the model being trained.
    public let tokenizer: BPETokenizer
    /// Where an answer ends: targets are cut at it, as decoding stops at it (a blank line by default).
    public let stop: StopSequence?

    /// A trainer; throws when the recipe is invalid.
    public init(recipe: TrainingRecipe = TrainingRecipe(), tokenizer: BPETokenizer,
                stop: StopSequence? = StopSequence(StopSequence.blankLine)) throws {
        try recipe.validate()
        self.recipe = recipe
        self.tokenizer = tokenizer
        self.stop = stop
    }

    /// The training examples for `tasks` under a model of `contextLength` tokens, in task order.
    public func examples(for tasks: [InstructionTask], contextLength: Int) -> [TrainingExample] {
        let encoder = PromptEncoder(tokenizer: tokenizer, contextLength: contextLength,
                                    maxTargetTokens: recipe.maxTargetTokens, stop: stop)
        return tasks.flatMap { task in
            task.sampledInstances(recipe.instancesPerTask, seed: recipe.seed).compactMap { instance in
                guard !instance.outputs.isEmpty else { return nil }
                var pick = SeededGenerator(seed: recipe.seed, salt: "target/\(task.contentHash)/\(instance.id)")
                let target = instance.outputs[Int(pick.next() % UInt64(instance.outputs.count))]
                return TrainingExample(prompt: encoder.promptTokens(task: task, instance: instance),
                                       target: encoder.targetTokens(target))
            }
        }
    }

    /// Trains `model` in place on `tasks`; calls `progress` after every step and stops with
    /// `CancellationError` before a step when `isCancelled` says so (default: the current Task's state).
    @discardableResult
    public func train(_ model: Transformer, on tasks: [InstructionTask],
                      isCancelled: () -> Bool = { Task.isCancelled },
                      progress: (TrainingProgress) -> Void = { _ in }) throws -> TrainingSummary {
        let examples = examples(for: tasks, contextLength: model.config.contextLength)
        guard !examples.isEmpty else {
            throw ModelError(.invalidRequest, "no training examples in \(tasks.count) tasks. "
                             + "HINT: give tasks whose instances have reference outputs")
        }
        let trainer = try Trainer(model: model, options: recipe.optimizer)
        let batchesPerEpoch = (examples.count + recipe.batchSize - 1) / recipe.batchSize
        let totalSteps = batchesPerEpoch * recipe.epochs
        let start = Date()
        var tokens = 0, epochLoss = 0.0
        for epoch in 1...recipe.epochs {
            var shuffle = SeededGenerator(seed: recipe.seed, salt: "shuffle/\(epoch)")
            let order = Array(examples.indices).shuffled(using: &shuffle)
            epochLoss = 0
            for b in 0..<batchesPerEpoch {
                if isCancelled() { throw CancellationError() }
                let batch = order[(b * recipe.batchSize)..<min(order.count, (b + 1) * recipe.batchSize)]
                let step = try trainer.step(batch.map { examples[$0] })
                tokens += step.tokens
                epochLoss += step.loss
                let elapsed = Date().timeIntervalSince(start), done = trainer.stepCount
                progress(TrainingProgress(step: done, totalSteps: totalSteps, epoch: epoch, loss: step.loss,
                                          tokensPerSecond: Double(tokens) / max(elapsed, 1e-9),
                                          secondsRemaining: elapsed / Double(done) * Double(totalSteps - done)))
            }
        }
        return TrainingSummary(examples: examples.count, steps: totalSteps, finalLoss: epochLoss / Double(batchesPerEpoch),
                               seconds: Date().timeIntervalSince(start))
    }
}
