import Foundation
import InferenceServer
import Logging
import Selection
import State
import Systemd
import Tasks

/// Scores pool tasks for prompt uncertainty against the active model, one task per step, oldest first: with the
/// built-in engine, or on an inference server that serves the active model (`scoring.backend = "openai"`).
///
/// After a rotation the whole remaining pool is unscored against the new model, so this work re-scores it in
/// the background; scores against older models stay in the database. Nothing is scored before round 0 has
/// trained a model: a randomly initialised model's uncertainty says nothing about the tasks. A task the server
/// cannot score (down, busy, answering nonsense) stays in the pool unscored: the reason goes to the journal (once
/// per new reason) and to `status`, and scoring goes on when the server answers again.
public struct ScoringWork: ModelWork {
    public let name = "scoring"
    private let models: ModelCache

    /// The setting that holds why scoring waits for the server (`status` shows it); absent while it does not wait.
    public static let waitSetting = "scoring_wait"

    /// Scoring that shares `models` with the rounds.
    public init(models: ModelCache) { self.models = models }

    public func step(_ context: WorkContext) async throws -> WorkOutcome {
        let state = context.state
        guard try state.rounds().contains(where: { $0.status == .rotated }),
              let (id, model) = try models.active(in: context.checkpoints),
              let next = try state.unscored(model: id.description).first else { return .idle }
        let task = try JSONDecoder().decode(InstructionTask.self, from: next.body)
        let c = context.configuration
        context.progress("scoring \(task.id)")
        let started = Date()
        let scored: ScoredTask
        switch c.scoringBackend {
        case .local:
            scored = try PromptUncertaintyScorer(model: model.transformer, tokenizer: model.tokenizer,
                                                 settings: c.scoringSettings, logger: context.logger).score(task)
        case .openai:
            do {
                scored = try await ServerScorer(server: try c.serverSettings(), settings: c.scoringSettings,
                                                tokenizer: model.tokenizer, contextLength: model.transformer.config.contextLength,
                                                logger: context.logger).score(task)
            } catch let error as ServerError {
                try wait(for: error, task: task.id, context)
                return .idle
            }
            if let reason = try state.setting(Self.waitSetting) {
                try state.removeSetting(Self.waitSetting)
                context.logger.notice("the scoring server answers again; scoring goes on",
                                      metadata: ["url": "\(c.scoringURL)", "was": "\(reason)"])
            }
        }
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
            "backend": "\(c.scoringBackend.rawValue)",
        ])
        context.stateChanged()
        return .worked
    }

    /// Records why scoring waits and says so in the journal when the reason is new; the task stays unscored.
    private func wait(for error: ServerError, task: String, _ context: WorkContext) throws {
        let reason = "\(error.code): \(error.message)"
        guard try context.state.setting(Self.waitSetting) != reason else { return }
        try context.state.setSetting(Self.waitSetting, reason)
        context.logger.log(event: .error, "scoring waits for the server; the task stays in the pool", level: .warning,
                           metadata: ["task": "\(task)", "url": "\(context.configuration.scoringURL)", "error": "\(error)"])
        context.stateChanged()
    }
}
