import Evaluation
import Foundation
import Logging
import Model
import ModelStore
import Selection
import Tasks

/// Runs the paper's protocol: per pool seed, a shared random round-0 set and model; then each strategy, scored
/// by its own previous model, adds K tasks a round, retrains from the base model on all its tasks and is
/// evaluated on the test tasks. Finished cells are kept in the ledger and skipped on a rerun.
public struct ExperimentRunner {
    /// The protocol and sizes.
    public let settings: ExperimentSettings
    /// Tasks to select from (including round 0's).
    public let pool: [InstructionTask]
    /// Held-out tasks every model is evaluated on.
    public let test: [InstructionTask]
    /// The tokenizer of every model.
    public let tokenizer: BPETokenizer
    /// Scores the pool for strategies other than `random`.
    public let scorer: any PoolScorer
    /// Where results and models persist.
    public let ledger: ExperimentLedger
    /// Progress and results, with structured metadata.
    public let logger: Logger
    /// The model every round starts from; nil: a fresh one of `settings.model` from `settings.baseSeed`.
    public let base: Transformer?
    /// Pool scores by the cell whose model computed them (see `PoolScoreCache`).
    private let scoreCache = PoolScoreCache()

    /// A runner; throws when the settings do not fit the pool, or `base` has another shape than `settings.model`.
    public init(settings: ExperimentSettings, pool: [InstructionTask], test: [InstructionTask], tokenizer: BPETokenizer,
                scorer: any PoolScorer, ledger: ExperimentLedger, logger: Logger, base: Transformer? = nil) throws {
        try settings.validate(poolSize: pool.count)
        guard !test.isEmpty else {
            throw ExperimentError(.invalidSettings, "no test tasks. HINT: pass a --test directory with task files")
        }
        if let base, base.config != settings.model {
            throw ExperimentError(.invalidSettings, "the base model's shape differs from the settings' model. "
                + "HINT: set the settings' model to the base checkpoint's configuration")
        }
        self.base = base
        self.settings = settings
        self.pool = pool.sorted { $0.id < $1.id }
        self.test = test
        self.tokenizer = tokenizer
        self.scorer = scorer
        self.ledger = ledger
        self.logger = logger
    }

    /// Runs every cell not yet in the ledger; returns all cells, finished before or now.
    public func run() throws -> [ExperimentCell] {
        let base = try self.base ?? LanguageModel.create(config: settings.model, seed: settings.baseSeed).transformer
        if self.base != nil { try ensureBaseCells(base) }
        for seed in settings.seeds {
            var shuffle = SeededGenerator(seed: seed, salt: "experiment/initial")
            let initial = Array(pool.shuffled(using: &shuffle).prefix(settings.initial))
            try ensureCell(seed: seed, strategy: ExperimentCell.initialStrategy, round: 0, base: base) { initial }
            for strategy in settings.strategies {
                var previous = (strategy: ExperimentCell.initialStrategy, round: 0)
                for round in stride(from: 1, through: settings.rounds, by: 1) {
                    let before = previous
                    try ensureCell(seed: seed, strategy: strategy.rawValue, round: round, base: base) {
                        try select(seed: seed, strategy: strategy, round: round, after: before, base: base)
                    }
                    previous = (strategy.rawValue, round)
                }
            }
        }
        return ledger.cells.values.sorted { $0.key < $1.key }
    }

    /// Evaluates a given (pretrained) base model once, untrained, and records it for every seed that lacks it: the
    /// first point of every curve. A fresh random model is not worth a point (its ROUGE-L is noise).
    private func ensureBaseCells(_ base: Transformer) throws {
        let missing = settings.seeds.filter {
            ledger.cell(seed: $0, strategy: ExperimentCell.baseStrategy, round: ExperimentCell.baseRound) == nil
        }
        guard !missing.isEmpty else { return }
        let start = Date()
        logger.info("evaluating the base model", metadata: ["test_tasks": "\(test.count)"])
        let run = try settings.evaluator.evaluate(test, model: base, tokenizer: tokenizer)
        let seconds = Date().timeIntervalSince(start)
        for seed in missing {
            try ledger.record(ExperimentCell(seed: seed, strategy: ExperimentCell.baseStrategy, round: ExperimentCell.baseRound,
                                             tasks: [], evaluation: run.summary,
                                             training: TrainingSummary(examples: 0, steps: 0, finalLoss: 0, seconds: 0),
                                             seconds: seconds), model: nil)
        }
        logger.notice("base model evaluated", metadata: [
            "rougeL": "\(String(format: "%.2f", run.summary.rougeL))", "seconds": "\(Int(seconds))",
        ])
    }

    /// Computes and records one cell unless the ledger has it; `tasks` gives every task to train on.
    private func ensureCell(seed: UInt64, strategy: String, round: Int, base: Transformer,
                            tasks: () throws -> [InstructionTask]) throws {
        let meta: Logger.Metadata = ["seed": "\(seed)", "strategy": "\(strategy)", "round": "\(round)"]
        if ledger.cell(seed: seed, strategy: strategy, round: round) != nil {
            logger.info("cell already done, skipped", metadata: meta)
            return
        }
        let start = Date()
        let chosen = try tasks()
        logger.info("training", metadata: meta.merging(["tasks": "\(chosen.count)"]) { $1 })
        let model = base.copy()
        let trainer = try TaskTrainer(recipe: settings.training, tokenizer: tokenizer)
        let training = try trainer.train(model, on: chosen, progress: { step in
            guard step.step == step.totalSteps || step.step % 10 == 0 else { return }
            logger.info("step", metadata: meta.merging([
                "step": "\(step.step)/\(step.totalSteps)", "loss": "\(String(format: "%.3f", step.loss))",
                "tokens_per_s": "\(Int(step.tokensPerSecond))", "eta_s": "\(Int(step.secondsRemaining))",
            ]) { $1 })
        })
        let run = try settings.evaluator.evaluate(test, model: model, tokenizer: tokenizer)
        let cell = ExperimentCell(seed: seed, strategy: strategy, round: round, tasks: chosen.map(\.id),
                                  evaluation: run.summary, training: training, seconds: Date().timeIntervalSince(start))
        try ledger.record(cell, model: model)
        logger.notice("cell done", metadata: meta.merging([
            "rougeL": "\(String(format: "%.2f", cell.evaluation.rougeL))", "seconds": "\(Int(cell.seconds))",
        ]) { $1 })
    }

    /// All tasks of `round` for `strategy`: those of the previous cell plus K chosen from the rest of the pool,
    /// scored under the previous cell's model.
    private func select(seed: UInt64, strategy: SelectionStrategy, round: Int,
                        after previous: (strategy: String, round: Int), base: Transformer) throws -> [InstructionTask] {
        guard let before = ledger.cell(seed: seed, strategy: previous.strategy, round: previous.round) else {
            throw ExperimentError(.unreadableState, "cell \(seed)/\(previous.strategy)/\(previous.round) is missing. "
                + "HINT: remove the state directory to start over")
        }
        let taken = Set(before.tasks)
        let byID = Dictionary(uniqueKeysWithValues: pool.map { ($0.id, $0) })
        let candidates = pool.filter { !taken.contains($0.id) }
        let rows: [TaskScore]
        if strategy == .random {
            rows = candidates.map {
                TaskScore(task: $0.id, kind: Self.kind($0), promptUncertainty: 0, predictionProbability: 0, perplexity: 1)
            }
        } else {
            let key = ExperimentCell.key(seed: seed, strategy: previous.strategy, round: previous.round)
            if let cached = scoreCache.rows(for: key, serving: strategy) {
                logger.info("pool scores reused", metadata: ["seed": "\(seed)", "strategy": "\(strategy.rawValue)",
                                                             "round": "\(round)", "scored_by": "\(key)"])
                rows = cached
            } else {
                let model = try ledger.model(seed: seed, strategy: previous.strategy, round: previous.round, config: base.config)
                logger.info("scoring pool", metadata: ["seed": "\(seed)", "strategy": "\(strategy.rawValue)",
                                                       "round": "\(round)", "tasks": "\(candidates.count)"])
                rows = try scorer.scores(candidates, model: model, tokenizer: tokenizer, for: strategy, modelKey: key)
                scoreCache.store(rows, for: key, computedFor: strategy)
            }
        }
        let selector = TaskSelector(strategy: strategy, stratification: settings.stratified ? .poolRatio : .none)
        var generator = SeededGenerator(seed: seed, salt: "experiment/select/\(strategy.rawValue)/\(round)")
        let chosen = try selector.select(settings.perRound, from: rows, using: &generator)
        return before.tasks.compactMap { byID[$0] } + chosen.compactMap { byID[$0.task] }
    }

    static func kind(_ task: InstructionTask) -> TaskScore.Kind {
        task.kind
    }
}
