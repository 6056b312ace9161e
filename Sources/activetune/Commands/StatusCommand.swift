import ArgumentParser
import Daemon
import Foundation
import State

/// `activetune status`: what the daemon's state holds now.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the pool, budget progress, rounds, active model, last error and rejections.",
        discussion: "Reads the state read-only, so it is safe while the daemon runs. Exit status 66 when no state exists."
    )

    @Option(help: ArgumentHelp("The daemon's state directory.", valueName: "DIR"))
    var state = StateDirectory.defaultPath

    @Option(help: ArgumentHelp("A configuration file to compute the budget with, instead of the configuration the daemon recorded.",
                               valueName: "FILE"))
    var config: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    /// The `--json` object.
    struct Report: Codable {
        var tasks: Int
        var pool: Int
        var scores: Int
        var budget: Budget
        var round: Int?
        var rounds: [String: Int]
        var activeModel: String?
        var lastError: String?
        var lastRollback: String?
        var rejections: [String: Int]
        var evaluation: Evaluation
        var modelNote: String?
        var compute: Compute?
        var rotationCommand: RotationCommand?
        /// Why scoring waits for its server (`scoring.backend = "openai"`), while it does.
        var scoringWait: String?

        /// The last run of `rotation.command`: the model it was given and how it ended (`ok` or why not).
        struct RotationCommand: Codable {
            var model: String
            var outcome: String
        }

        /// The precision of the daemon's matrix products and the instruction set they run on.
        struct Compute: Codable {
            var precision: String
            var isa: String?
            /// Why the CPU's bf16 goes unused, when it does.
            var note: String?
        }

        /// Held-out ROUGE-L of the untuned base model and of each round's model (`evaluation.directory`).
        struct Evaluation: Codable {
            var baseRougeL: Double?
            var rounds: [String: Double]

            enum CodingKeys: String, CodingKey { case baseRougeL = "base_rouge_l", rounds }
        }

        struct Budget: Codable {
            var have: Int
            var need: Int
            var progress: Double
            var next: String
        }

        enum CodingKeys: String, CodingKey {
            case tasks, pool, scores, budget, round, rounds, rejections, evaluation
            case activeModel = "active_model", lastError = "last_error", lastRollback = "last_rollback"
            case modelNote = "model_note", compute, rotationCommand = "rotation_command", scoringWait = "scoring_wait"
        }
    }

    func run() throws {
        let (stateDirectory, store) = try OperatorState.database(state, command: "status")
        // The budget the daemon uses: the configuration it recorded, unless --config asks for another.
        let configuration: DaemonConfiguration
        do {
            configuration = try config == nil ? store.recordedConfiguration(as: DaemonConfiguration.self) ?? ConfigurationSource(explicitPath: nil).load()
                : ConfigurationSource(explicitPath: config).load()
        } catch {
            FileHandle.standardError.write(Data("activetune status: \(error)\n".utf8))
            throw ExitCode(78)
        }
        let model = stateDirectory.activeModelID?.description
        let summary = try store.summary(activeModel: model)
        let policy = BudgetPolicy(configuration)
        let (have, need) = policy.progressCounts(hasTrainedModel: summary.hasTrainedModel, pool: summary.pool,
                                                 scored: summary.scoredPool)
        let wait = summary.oldestScoredAcceptedAt.map { Date().timeIntervalSince1970 - $0 }
        let next: String
        switch policy.decide(hasTrainedModel: summary.hasTrainedModel, pool: summary.pool, scored: summary.scoredPool,
                             oldestWait: wait) {
        case .initialRound(let count): next = "round 0 on \(count) random tasks"
        case .selectionRound(let count): next = "selection round of \(count) tasks"
        case .wait(let reason): next = "waiting: \(reason)"
        }
        let report = Report(tasks: summary.tasks, pool: summary.pool, scores: summary.scores,
                            budget: .init(have: have, need: need,
                                          progress: policy.progress(hasTrainedModel: summary.hasTrainedModel,
                                                                    pool: summary.pool, scored: summary.scoredPool),
                                          next: next),
                            round: summary.latestRound, rounds: summary.rounds, activeModel: model,
                            lastError: try store.setting("last_error"), lastRollback: try store.lastRollback(),
                            rejections: summary.rejections,
                            evaluation: .init(baseRougeL: try store.baseRougeL(),
                                              rounds: Dictionary(uniqueKeysWithValues: try store.roundRougeL().map { ("\($0.key)", $0.value) })),
                            modelNote: try store.setting("model_note"),
                            compute: try store.setting("compute_precision").map {
                                Report.Compute(precision: $0, isa: try store.setting("compute_isa"),
                                               note: try store.setting("compute_note").flatMap { $0.isEmpty ? nil : $0 })
                            },
                            rotationCommand: try store.setting(RotationCommandWork.modelSetting).map {
                                Report.RotationCommand(model: $0,
                                                       outcome: try store.setting(RotationCommandWork.outcomeSetting) ?? "")
                            },
                            scoringWait: try store.setting(ScoringWork.waitSetting))
        if json {
            print(try OperatorState.json(report))
            return
        }
        print("pool:         \(report.pool) waiting of \(report.tasks) accepted tasks")
        print("budget:       \(have)/\(need) (\(next))")
        print("round:        \(report.round.map(String.init) ?? "none") \(Self.counts(report.rounds))")
        print("active model: \(model ?? "none (round 0 has not run)")")
        if let note = report.modelNote { print("model note:   \(note)") }
        if let compute = report.compute {
            print("compute:      \(compute.precision) (\(compute.isa ?? "?"))" + (compute.note.map { "; \($0)" } ?? ""))
        }
        print("scores:       \(report.scores)")
        if let wait = report.scoringWait { print("scoring waits: \(wait)") }
        if report.evaluation.baseRougeL != nil || !report.evaluation.rounds.isEmpty {
            let rounds = report.evaluation.rounds.sorted { Int($0.key) ?? 0 < Int($1.key) ?? 0 }
                .map { "round \($0.key) \(String(format: "%.2f", $0.value))" }
            let base = report.evaluation.baseRougeL.map { "base \(String(format: "%.2f", $0))" }
            print("ROUGE-L:      \(([base].compactMap { $0 } + rounds).joined(separator: ", ")) (held-out tasks)")
        }
        print("rejected:     \(report.rejections.values.reduce(0, +)) \(Self.counts(report.rejections))")
        print("last error:   \(report.lastError ?? "none")")
        if let rollback = report.lastRollback { print("last rollback: \(rollback)") }
        if let hook = report.rotationCommand { print("rotation command: \(hook.outcome) (model \(hook.model))") }
    }

    private static func counts(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "" : "(" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }
}
