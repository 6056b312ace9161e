import Foundation
import Logging
import Model
import ModelStore
import Systemd
import Tasks

/// Trains a round's model with the configured recipe, reporting progress so the watchdog is petted and the
/// journal shows step, loss, tokens/s and ETA.
struct RoundTraining {
    let configuration: DaemonConfiguration

    /// The recipe of `training.*`.
    var recipe: TrainingRecipe {
        let c = configuration
        return TrainingRecipe(
            instancesPerTask: c.instancesPerTask, epochs: c.epochs, batchSize: c.batchSize,
            maxTargetTokens: c.scoringMaxNewTokens, seed: UInt64(c.trainingSeed),
            optimizer: AdamWOptions(learningRate: Float(c.learningRate), weightDecay: Float(c.weightDecay),
                                    gradientClip: Float(c.gradClip), warmupSteps: c.warmupSteps))
    }

    /// Trains `model` in place on `tasks`; throws `CancellationError` when the daemon stops (the round is then
    /// redone from its start on the next run).
    func train(_ model: LanguageModel, on tasks: [InstructionTask], round: Int, context: WorkContext) throws -> TrainingSummary {
        let trainer = try TaskTrainer(recipe: recipe, tokenizer: model.tokenizer,
                                      stop: StopSequence(configuration.scoringStopSequence))
        var lastLog = Date.distantPast
        return try trainer.train(model.transformer, on: tasks, progress: { p in
            let eta = Int(p.secondsRemaining.rounded())
            context.progress("round \(round) step \(p.step)/\(p.totalSteps) loss \(String(format: "%.3f", p.loss)) eta \(eta)s")
            // One journal line every 10 s (and the last step) is enough to follow a round without flooding.
            guard Date().timeIntervalSince(lastLog) >= 10 || p.step == p.totalSteps else { return }
            lastLog = Date()
            context.logger.log(event: .trainingProgress, "training", metadata: [
                "round": "\(round)", "step": "\(p.step)", "steps": "\(p.totalSteps)", "epoch": "\(p.epoch)",
                "loss": "\(p.loss)", "tokens_per_s": "\(Int(p.tokensPerSecond))", "eta_s": "\(eta)",
            ])
        })
    }
}
