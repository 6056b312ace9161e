import Checkpoint
import Foundation
import Logging
import Model
import ModelStore
import State
import Systemd
import Tasks

/// The daemon's training rounds: round 0 on random tasks, then budget-triggered selection rounds that select,
/// train, evaluate, commit a checkpoint and rotate.
///
/// A round is a state machine recorded in the state store (`StoredRound.Status`), one durable step per transition,
/// so a round interrupted by a crash or a stop continues from its last recorded step: a committed checkpoint is
/// rotated (or gated), never trained again, and only a round that has no checkpoint yet trains again, with the
/// same selection (stored before training begins).
public struct RoundWork: ModelWork {
    public let name = "round"
    private let models: ModelCache
    private let programVersion: String
    private let faults: RoundFaultInjection

    /// Rounds sharing `models` with the scoring work, stamping checkpoints with `programVersion`. `environment`
    /// may hold the crash-test setting `ACTIVETUNE_DEBUG_KILL_AT` (see `RoundFaultInjection`).
    public init(models: ModelCache, programVersion: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.models = models
        self.programVersion = programVersion
        self.faults = RoundFaultInjection(environment: environment)
    }

    /// Creates the first model when the state has none (from `model.base`, else the seeded embedded one), and
    /// records the base model of `from-base` rounds.
    public func recover(_ context: WorkContext) async throws {
        let store = context.checkpoints
        if store.activeID == nil {
            context.extendTimeout(.seconds(120))
            let base = context.configuration.baseModel
            if !base.isEmpty, FileManager.default.fileExists(atPath: base) {
                let model = try LanguageModel(importing: base)
                let provenance = Provenance(round: 0, strategy: "import", programVersion: programVersion)
                let commit = try store.commit(model.checkpoint(provenance: provenance))
                context.logger.log(event: .committed, "created the first model from model.base", metadata: [
                    "model": "\(commit.id)", "from": "\(base)", "parameters": "\(model.transformer.parameterCount)",
                ])
            } else {
                if !base.isEmpty {
                    let warning = "model.base \(base) does not exist; started from the seeded embedded model instead"
                    try context.state.setSetting("model_note", warning)
                    context.logger.warning("\(warning) (`make install` puts SmolLM2 there)", metadata: ["from": "\(base)"])
                }
                let model = try LanguageModel.createDefault(seed: UInt64(context.configuration.trainingSeed))
                let provenance = Provenance(round: 0, strategy: "init", programVersion: programVersion)
                let commit = try store.commit(model.checkpoint(provenance: provenance))
                context.logger.log(event: .committed, "created the default model", metadata: ["model": "\(commit.id)"])
            }
        }
        if let active = store.activeID { try context.stateDirectory.base.adopt(active, in: store) }
    }

    public func step(_ context: WorkContext) async throws -> WorkOutcome {
        let state = context.state
        if let interrupted = try state.interruptedRound() {
            try resume(interrupted, context)
            return .worked
        }
        let rounds = try state.rounds()
        let trained = rounds.contains { $0.status == .rotated }
        let pool = try state.pool()
        let activeID = context.checkpoints.activeID
        let scored = try activeID.map { try state.scoredPool(model: $0.description) } ?? []
        let oldest = scored.map(\.task.acceptedAt).min().map { Date().timeIntervalSince1970 - $0 }
        let number = (rounds.map(\.number).max() ?? -1) + 1
        let selection = RoundSelection(configuration: context.configuration)
        let chosen: [StoredTask]
        let strategy: String
        switch BudgetPolicy(context.configuration).decide(hasTrainedModel: trained, pool: pool.count,
                                                          scored: scored.count, oldestWait: oldest) {
        case .wait: return .idle
        case .initialRound(let count):
            chosen = selection.initial(count, from: pool, round: number)
            strategy = "random"
        case .selectionRound(let count):
            chosen = try selection.select(count, from: scored, round: number)
            strategy = context.configuration.strategy.rawValue
        }
        let round = StoredRound(number: number, status: .started, strategy: strategy, selectedHashes: chosen.map(\.hash),
                                startedAt: Date().timeIntervalSince1970, parent: activeID?.description)
        try state.startRound(round)
        context.logger.log(event: .roundStarted, "round started", metadata: [
            "round": "\(number)", "strategy": "\(strategy)", "tasks": "\(chosen.map(\.name).joined(separator: ","))",
            "pool": "\(pool.count)", "model": "\(activeID?.description ?? "none")",
        ])
        faults.reached(.selected, round: number)
        try train(round, context)
        return .worked
    }

    /// Continues an interrupted round from its last recorded step.
    private func resume(_ round: StoredRound, _ context: WorkContext) throws {
        let metadata: Logger.Metadata = ["round": "\(round.number)", "strategy": "\(round.strategy)"]
        if round.status == .committed, let id = round.checkpoint.flatMap(CheckpointID.init) {
            context.logger.log(event: .recovered, "an interrupted round continues from its committed checkpoint",
                               metadata: metadata.merging(["model": "\(id)"]) { $1 })
            try finish(round, checkpoint: id, activate: round.activate ?? true, verify: true, context)
        } else if let activate = round.activate, let id = try checkpointWritten(by: round, context) {
            context.logger.log(event: .recovered,
                               "an interrupted round found the checkpoint it wrote; it is not trained again",
                               metadata: metadata.merging(["model": "\(id)"]) { $1 })
            try context.state.recordCommitted(round: round.number, checkpoint: id.description)
            try finish(round, checkpoint: id, activate: activate, verify: true, context)
        } else {
            context.logger.log(event: .recovered, "an interrupted round is redone from its start", metadata: metadata)
            try train(round, context)
        }
    }

    /// A checkpoint in the store that `round` wrote before its record of it was made, if there is one.
    private func checkpointWritten(by round: StoredRound, _ context: WorkContext) throws -> CheckpointID? {
        try context.checkpoints.list().last { summary in
            guard let provenance = summary.provenance else { return false }
            // `created` is stored to the whole second (ISO 8601).
            return provenance.round == round.number && provenance.strategy == round.strategy
                && provenance.parent == round.parent
                && provenance.created.timeIntervalSince1970 >= round.startedAt.rounded(.down)
        }.flatMap { CheckpointID($0.id) }
    }

    /// `started` → `committed`: trains, evaluates, records the gate's decision, writes the checkpoint and records it;
    /// then finishes the round.
    private func train(_ round: StoredRound, _ context: WorkContext) throws {
        let configuration = context.configuration
        let state = context.state
        let fromBase = configuration.trainingMode == .fromBase || round.number == 0
        let base = context.stateDirectory.base
        // `continue` trains a copy: the cached active model keeps serving scores until the rotation.
        let start = try fromBase ? base.load()
            : models.active(in: context.checkpoints).map { try LanguageModel(transformer: $0.model.transformer.copy(), tokenizer: $0.model.tokenizer) }
              ?? base.load()
        let trainOn = fromBase ? try state.selectedTasks(upTo: round.number)
                               : try round.selectedHashes.compactMap { try state.task(hash: $0) }
        let tasks = try trainOn.map { try JSONDecoder().decode(InstructionTask.self, from: $0.body) }
        let evaluation = RoundEvaluation(configuration: configuration)
        // What training is measured against: the untuned base model's held-out score, taken once before it first trains.
        if fromBase, evaluation.enabled, try state.baseRougeL() == nil {
            let baseline = try evaluation.evaluate(start, tasks: try evaluation.tasks(), context: context, label: "the base model")
            try state.recordBaseRougeL(baseline.rougeL)
            context.logger.log(event: .evaluated, "evaluated the base model", metadata: [
                "round": "base", "rouge_l": "\(baseline.rougeL)", "exact_match": "\(baseline.exactMatch)",
            ])
        }
        let (model, summary) = try configuration.trainingBackend == .command
            ? CommandTraining(configuration: configuration).train(start, on: tasks, round: round.number,
                                                                  folder: context.stateDirectory.roundFolder(round.number),
                                                                  context: context)
            : (start, try RoundTraining(configuration: configuration).train(start, on: tasks, round: round.number, context: context))
        try state.setSetting("last_loss", "\(summary.finalLoss)")

        var scores: [String: Double] = [:]
        var passes = true
        if evaluation.enabled {
            let heldOut = try evaluation.tasks()
            let candidate = try evaluation.evaluate(model, tasks: heldOut, context: context, label: "round \(round.number)")
            scores = candidate.provenance
            if let baseline = try state.baseRougeL() { scores["base.rougeL"] = baseline }
            // The active model's score is only needed by the gate; measuring it costs a second evaluation.
            let active = configuration.gateMargin >= 0
                ? try activeRougeL(context, evaluation: evaluation, tasks: heldOut) : nil
            passes = evaluation.passes(candidate: candidate.rougeL, active: active)
            let baseline = try state.baseRougeL()
            var fields: Logger.Metadata = [
                "round": "\(round.number)", "rouge_l": "\(candidate.rougeL)", "exact_match": "\(candidate.exactMatch)",
            ]
            // Each score only when measured: the active model's only with the gate on, the base's once recorded.
            if let active { fields["active_rouge_l"] = "\(active)" }
            if let baseline { fields["base_rouge_l"] = "\(baseline)" }
            context.logger.log(event: .evaluated, "evaluated", metadata: fields)
        }
        // The decision is durable before the checkpoint exists, so a restart that finds the checkpoint knows it.
        try state.recordDecision(round: round.number, activate: passes,
                                 evaluation: scores.isEmpty ? nil : try JSONEncoder().encode(scores))

        let provenance = Provenance(round: round.number, strategy: round.strategy,
                                    tasks: try taskScores(round, context), evaluation: scores,
                                    parent: round.parent, programVersion: programVersion)
        // A commit of a large model can take a while: ask systemd not to time out a stop meanwhile.
        context.extendTimeout(.seconds(300))
        let started = Date()
        let commit = try context.checkpoints.commit(model.checkpoint(provenance: provenance), activate: false)
        let seconds = Date().timeIntervalSince(started)
        try state.setSetting("last_commit_seconds", "\(seconds)")
        try state.setSetting("last_commit_time", "\(Date().timeIntervalSince1970)")
        context.logger.log(event: .committed, "checkpoint committed", metadata: [
            "round": "\(round.number)", "model": "\(commit.id)", "seconds": "\(seconds)", "bytes": "\(commit.bytes)",
            "loss": "\(summary.finalLoss)", "tasks": "\(tasks.count)",
        ])
        logPruned(commit.pruned, round: round.number, context)
        faults.reached(.written, round: round.number)
        try state.recordCommitted(round: round.number, checkpoint: commit.id.description)
        faults.reached(.committed, round: round.number)
        try finish(round, checkpoint: commit.id, activate: passes, verify: false, context)
    }

    /// `committed` → `rotated` (the checkpoint becomes active) or `gated` (kept, not activated). Activation is
    /// idempotent, so a round killed between switching the link and recording it finishes the same way.
    private func finish(_ round: StoredRound, checkpoint id: CheckpointID, activate: Bool, verify: Bool,
                        _ context: WorkContext) throws {
        let metadata: Logger.Metadata = ["round": "\(round.number)", "model": "\(id)"]
        if activate {
            let previous = context.checkpoints.activeID
            let pruned = try context.checkpoints.activate(id, verify: verify)
            faults.reached(.activated, round: round.number)
            try context.state.finishRound(number: round.number, status: .rotated, error: nil, at: Date().timeIntervalSince1970)
            context.logger.log(event: .rotated, "active model switched", metadata: metadata.merging([
                "previous": "\(previous == id ? round.parent ?? "none" : previous?.description ?? "none")",
            ]) { $1 })
            logPruned(pruned, round: round.number, context)
            context.logger.log(event: .roundFinished, "round finished", metadata: metadata.merging(["outcome": "rotated"]) { $1 })
        } else {
            try context.state.finishRound(number: round.number, status: .gated,
                                          error: "evaluation gate: worse than the active model", at: Date().timeIntervalSince1970)
            context.logger.log(event: .roundFinished, "round finished: the new model scores worse than the active one; kept, not activated",
                               level: .warning, metadata: metadata.merging(["outcome": "gated"]) { $1 })
        }
        faults.reached(.finished, round: round.number)
        context.stateChanged()
    }

    private func logPruned(_ pruned: [CheckpointID], round: Int, _ context: WorkContext) {
        guard !pruned.isEmpty else { return }
        context.logger.log(event: .pruned, "old checkpoints removed by retention", metadata: [
            "round": "\(round)", "removed": "\(pruned.map(\.description).joined(separator: ","))",
            "keep": "\(context.checkpoints.configuration.keepLast)",
        ])
    }

    /// The active model's ROUGE-L: from its provenance, else measured now (once per model, then it is recorded).
    private func activeRougeL(_ context: WorkContext, evaluation: RoundEvaluation, tasks: [InstructionTask]) throws -> Double? {
        guard let (id, model) = try models.active(in: context.checkpoints) else { return nil }
        if let recorded = try context.checkpoints.load(id).provenance.evaluation["rougeL"] { return recorded }
        return try evaluation.evaluate(model, tasks: tasks, context: context, label: "active model \(id)").rougeL
    }

    /// The selected tasks with the prompt uncertainty they were selected by (none for round 0, which had no scores).
    private func taskScores(_ round: StoredRound, _ context: WorkContext) throws -> [Provenance.TaskScore] {
        try round.selectedHashes.compactMap { hash in
            guard let task = try context.state.task(hash: hash) else { return nil }
            let score = try round.parent.flatMap { try context.state.score(task: hash, model: $0) }
            return Provenance.TaskScore(task: task.name, score: score?.promptUncertainty)
        }
    }
}
