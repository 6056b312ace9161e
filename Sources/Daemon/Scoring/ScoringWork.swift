import Foundation
import Logging
import Selection
import State
import Systemd
import Tasks

/// Scores pool tasks for prompt uncertainty against the active model, one task per step, oldest first.
///
/// After a rotation the whole remaining pool is unscored against the new model, so this work re-scores it in
/// the background; scores against older models stay in the database. Nothing is scored before round 0 has
/// trained a model: a randomly initialised model's uncertainty says nothing about the tasks.
public struct ScoringWork: ModelWork {
    public let name = "scoring"
    private let models: ModelCache

    /// Scoring that shares `models` with the rounds.
    public init(models: ModelCache) { self.models = models }

    public func step(_ context: WorkContext) async throws -> WorkOutcome {
        let state = context.state
        guard try state.rounds().contains(where: { $0.status == .rotated }),
              let (id, model) = try models.active(in: context.checkpoints),
              let next = try state.unscored(model: id.description).first else { return .idle }
        let task = try JSONDecoder().decode(InstructionTask.self, from: next.body)
        let c = context.configuration
        let settings = ScoringSettings(instances: c.scoringInstances, perturbations: c.scoringPerturbations,
                                       dropRate: c.scoringDropRate, maxNewTokens: c.scoringMaxNewTokens,
                                       seed: UInt64(c.scoringSeed), stopSequence: c.scoringStopSequence)
        context.progress("scoring \(task.id)")
        let started = Date()
        let scored = try PromptUncertaintyScorer(model: model.transformer, tokenizer: model.tokenizer, settings: settings,
                                                 logger: context.logger).score(task)
        let score = StoredScore(task: next.hash, model: id.description,
                                promptUncertainty: scored.score.promptUncertainty,
                                predictionProbability: scored.score.predictionProbability,
                                perplexity: scored.score.perplexity,
                                detail: try JSONEncoder().encode(scored.instances),
                                scoredAt: Date().timeIntervalSince1970)
        try state.record(score)
        context.logger.log(event: .scored, "task scored", metadata: [
            "task": "\(task.id)", "model": "\(id)", "prompt_uncertainty": "\(score.promptUncertainty)",
            "prediction_probability": "\(score.predictionProbability)", "perplexity": "\(score.perplexity)",
            "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
        ])
        context.stateChanged()
        return .worked
    }
}
