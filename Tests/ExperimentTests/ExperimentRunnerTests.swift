import Foundation
import Logging
import Model
import ModelStore
import Selection
import Synchronization
import Tasks
import Testing
@testable import Experiment

/// Fails the scoring call number `failOn` (1-based) as an interruption would, and scores the others.
final class InterruptingScorer: PoolScorer {
    let inner = UncertaintyPoolScorer(settings: ScoringSettings(instances: 2, perturbations: 2, maxNewTokens: 8),
                                      logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    let failOn: Int
    let calls = Mutex(0)

    init(failOn: Int) { self.failOn = failOn }

    func scores(_ tasks: [InstructionTask], model: Transformer, tokenizer: BPETokenizer,
                for strategy: SelectionStrategy, modelKey: String) throws -> [TaskScore] {
        let call = calls.withLock { $0 += 1; return $0 }
        if call == failOn { throw CancellationError() }
        return try inner.scores(tasks, model: model, tokenizer: tokenizer, for: strategy, modelKey: modelKey)
    }
}

@Suite("ExperimentRunner")
struct ExperimentRunnerTests {
    static let settings = ExperimentSettings(
        strategies: [.promptUncertainty, .random], seeds: [7], rounds: 2, perRound: 1, initial: 2,
        model: ModelConfig(vocabSize: 8192, contextLength: 256, layers: 1, heads: 2, width: 32),
        training: TrainingRecipe(instancesPerTask: 4, epochs: 1, batchSize: 4, maxTargetTokens: 8),
        evaluationInstances: 3, maxNewTokens: 8)

    @Test("runs end to end on real tasks and resumes after an interruption without recomputing")
    func endToEndAndResume() throws {
        let pool = try SharedTasks.ids("train_tasks.txt", count: 6).map { try SharedTasks.load($0, instances: 6) }
        let test = try SharedTasks.ids("test_tasks.txt", count: 2).map { try SharedTasks.load($0, instances: 3) }
        let tokenizer = try BPETokenizer.embeddedDefault()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

        // Order of cells: initial/0, prompt-uncertainty/1 (scoring call 1), prompt-uncertainty/2 (call 2: interrupted).
        let first = try ExperimentRunner(settings: Self.settings, pool: pool, test: test, tokenizer: tokenizer,
                                         scorer: InterruptingScorer(failOn: 2),
                                         ledger: ExperimentLedger(directory: state, settings: Self.settings), logger: logger)
        #expect(throws: CancellationError.self) { try first.run() }
        let partial = try ExperimentLedger(directory: state, settings: Self.settings).cells
        #expect(Set(partial.keys) == ["7/initial/0", "7/prompt-uncertainty/1"])

        let second = try ExperimentRunner(settings: Self.settings, pool: pool, test: test, tokenizer: tokenizer,
                                          scorer: InterruptingScorer(failOn: 0),
                                          ledger: ExperimentLedger(directory: state, settings: Self.settings),
                                          logger: logger)
        let cells = try second.run()
        #expect(cells.map(\.key) == ["7/initial/0", "7/prompt-uncertainty/1", "7/prompt-uncertainty/2", "7/random/1", "7/random/2"])
        // Finished cells are kept as they were (a recomputed one would have a new wall-clock time).
        for (key, cell) in partial { #expect(cells.first { $0.key == key } == cell) }
        for cell in cells {
            #expect(cell.tasks.count == 2 + cell.round)
            #expect(Set(cell.tasks).count == cell.tasks.count)
            #expect((0...100).contains(cell.evaluation.rougeL))
            #expect(cell.training.finalLoss.isFinite)
        }
        // Each strategy's tasks extend its previous round's, starting from the shared round 0.
        let initial = try #require(cells.first { $0.round == 0 }).tasks
        for strategy in ["prompt-uncertainty", "random"] {
            let r1 = try #require(cells.first { $0.key == "7/\(strategy)/1" }), r2 = try #require(cells.first { $0.key == "7/\(strategy)/2" })
            #expect(Array(r1.tasks.prefix(2)) == initial)
            #expect(Array(r2.tasks.prefix(3)) == r1.tasks)
        }
        let table = ExperimentTable(settings: Self.settings, cells: cells)
        #expect(table.lines.map { $0.points.map(\.tasks) } == [[2, 3, 4], [2, 3, 4]])
        #expect(LearningCurveSVG().render(table).contains("<polyline"))
    }

    @Test("strategies scored by the same model share one pool pass, and sharing does not change what they select")
    func sharedPoolScores() throws {
        let pool = try SharedTasks.ids("train_tasks.txt", count: 6).map { try SharedTasks.load($0, instances: 6) }
        let test = try SharedTasks.ids("test_tasks.txt", count: 1).map { try SharedTasks.load($0, instances: 3) }
        let tokenizer = try BPETokenizer.embeddedDefault()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        func run(_ strategies: [SelectionStrategy]) throws -> (cells: [ExperimentCell], scoringCalls: Int) {
            var settings = Self.settings
            settings.strategies = strategies
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: state) }
            let scorer = InterruptingScorer(failOn: 0)
            let cells = try ExperimentRunner(settings: settings, pool: pool, test: test, tokenizer: tokenizer, scorer: scorer,
                                             ledger: ExperimentLedger(directory: state, settings: settings), logger: logger).run()
            return (cells, scorer.calls.withLock { $0 })
        }
        // Round 1 of all three is scored by the shared round-0 model: one pass; round 2 by each one's own model.
        let all = try run([.promptUncertainty, .highPerplexity, .lowPerplexity])
        #expect(all.scoringCalls == 1 + 3)
        // The perplexity baselines alone score with k = 0 (their own, cheaper pass) and select the same tasks.
        let alone = try run([.highPerplexity, .lowPerplexity])
        #expect(alone.scoringCalls == 1 + 2)
        for key in ["7/high-perplexity/1", "7/low-perplexity/1", "7/high-perplexity/2", "7/low-perplexity/2"] {
            #expect(all.cells.first { $0.key == key }?.tasks == alone.cells.first { $0.key == key }?.tasks, "\(key)")
        }
    }

    @Test("a state directory of other settings is refused")
    func otherSettingsRefused() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let ledger = try ExperimentLedger(directory: state, settings: Self.settings)
        let cell = ExperimentCell(seed: 7, strategy: "initial", round: 0, tasks: ["a"],
                                  evaluation: .init(rougeL: 1, exactMatch: 0, rougeLByKind: [:], rougeLByTask: [:]),
                                  training: TrainingSummary(examples: 1, steps: 1, finalLoss: 1, seconds: 0), seconds: 0)
        try ledger.record(cell, model: Transformer(config: Self.settings.model, seed: 1))
        var other = Self.settings
        other.rounds = 3
        #expect(throws: ExperimentError.self) { try ExperimentLedger(directory: state, settings: other) }
        #expect(try ExperimentLedger(directory: state, settings: Self.settings).cells.count == 1)
    }

    @Test("a given base model is where every round starts, and it must have the settings' shape")
    func givenBaseModel() throws {
        let pool = try SharedTasks.ids("train_tasks.txt", count: 4).map { try SharedTasks.load($0, instances: 4) }
        let test = try SharedTasks.ids("test_tasks.txt", count: 1).map { try SharedTasks.load($0, instances: 3) }
        let tokenizer = try BPETokenizer.embeddedDefault()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let base = try LanguageModel.create(config: Self.settings.model, seed: 77).transformer
        var settings = Self.settings
        settings.model = base.config
        settings.rounds = 0
        settings.strategies = [.random]
        func roundZero(_ settings: ExperimentSettings, base: Transformer?) throws -> ExperimentCell {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: state) }
            let runner = try ExperimentRunner(settings: settings, pool: pool, test: test, tokenizer: tokenizer,
                                              scorer: InterruptingScorer(failOn: 0),
                                              ledger: ExperimentLedger(directory: state, settings: settings),
                                              logger: logger, base: base)
            return try #require(try runner.run().first { $0.round == 0 })
        }
        var seeded = settings
        seeded.baseSeed = 77
        let fromSeed = try roundZero(seeded, base: nil)
        let fromBase = try roundZero(settings, base: base)  // baseSeed 1234 is ignored: the base is given
        // A given base is also evaluated untrained, once, as round −1 of every seed: the curves' first point.
        let baseState = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: baseState) }
        let withBase = try ExperimentRunner(settings: settings, pool: pool, test: test, tokenizer: tokenizer,
                                            scorer: InterruptingScorer(failOn: 0),
                                            ledger: ExperimentLedger(directory: baseState, settings: settings),
                                            logger: logger, base: base).run()
        let baseCell = try #require(withBase.first { $0.strategy == ExperimentCell.baseStrategy })
        #expect(baseCell.round == -1 && baseCell.tasks.isEmpty && baseCell.training.steps == 0)
        #expect(baseCell.evaluation == (try settings.evaluator.evaluate(test, model: base, tokenizer: tokenizer)).summary)
        let points = ExperimentTable(settings: settings, cells: withBase).lines[0].points
        #expect(points.map(\.tasks) == [0, 2])
        #expect(points[0].overall.mean == baseCell.evaluation.rougeL)
        let fresh = try roundZero(settings, base: nil)
        #expect(fromBase.training.finalLoss == fromSeed.training.finalLoss)
        #expect(fromBase.evaluation == fromSeed.evaluation)
        #expect(fresh.training.finalLoss != fromSeed.training.finalLoss)

        var narrower = settings
        narrower.model.width = 16
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let ledger = try ExperimentLedger(directory: state, settings: narrower)
        #expect(throws: ExperimentError.self) {
            try ExperimentRunner(settings: narrower, pool: pool, test: test, tokenizer: tokenizer,
                                 scorer: InterruptingScorer(failOn: 0), ledger: ledger, logger: logger, base: base)
        }
    }
}
