import Foundation
import Selection
import State
import Tasks

/// Chooses a round's tasks: round 0 at random from the whole pool (the paper's start), later rounds by the
/// configured strategy over the pool as scored by the active model.
struct RoundSelection {
    let configuration: DaemonConfiguration

    /// `count` tasks of `pool` at random, seeded by `selection.seed` and the round number.
    func initial(_ count: Int, from pool: [StoredTask], round: Int) -> [StoredTask] {
        var generator = SeededGenerator(seed: UInt64(configuration.selectionSeed), salt: "round/\(round)")
        return Array(pool.sorted { $0.hash < $1.hash }.shuffled(using: &generator).prefix(count))
    }

    /// `count` tasks of the scored pool, by `selection.strategy` with the configured stratification and diversity.
    func select(_ count: Int, from scored: [(task: StoredTask, score: StoredScore)], round: Int) throws -> [StoredTask] {
        let definitions = configuration.diversityThreshold > 0
            ? Dictionary(uniqueKeysWithValues: scored.map { ($0.task.hash, Self.definition(of: $0.task)) }) : [:]
        // The content hash identifies a task: names repeat (Self-Instruct), hashes do not.
        let rows = scored.map { entry in
            TaskScore(task: entry.task.hash, kind: entry.task.kind,
                      promptUncertainty: entry.score.promptUncertainty,
                      predictionProbability: entry.score.predictionProbability,
                      perplexity: entry.score.perplexity, definition: definitions[entry.task.hash] ?? nil)
        }
        let selector = TaskSelector(strategy: configuration.strategy,
                                    stratification: stratification,
                                    diversity: try diversity)
        var generator = SeededGenerator(seed: UInt64(configuration.selectionSeed), salt: "round/\(round)")
        let chosen = try selector.select(count, from: rows, using: &generator)
        let byHash = Dictionary(uniqueKeysWithValues: scored.map { ($0.task.hash, $0.task) })
        return chosen.compactMap { byHash[$0.task] }
    }

    private var stratification: Stratification {
        guard configuration.stratify else { return .none }
        return configuration.classificationRatio < 0 ? .poolRatio : .classificationShare(configuration.classificationRatio)
    }

    private var diversity: DiversityFilter? {
        get throws {
            configuration.diversityThreshold > 0 ? try DiversityFilter(threshold: configuration.diversityThreshold) : nil
        }
    }

    static func definition(of task: StoredTask) -> String? {
        (try? JSONDecoder().decode(InstructionTask.self, from: task.body))?.definition
    }
}
