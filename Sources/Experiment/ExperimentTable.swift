import Foundation

/// ROUGE-L per strategy × round over pool seeds: overall and split by classification / generation.
/// Round 0 is the shared start, shown on every strategy's line; with a pretrained base, its untuned score comes
/// first, at 0 training tasks (round −1).
public struct ExperimentTable: Sendable, Codable, Equatable {
    /// One strategy at one round.
    public struct Point: Sendable, Codable, Equatable {
        /// The round (−1: the untuned base model).
        public var round: Int
        /// Tasks trained on at this round (K0 + round × K; 0 for the base model).
        public var tasks: Int
        /// Test ROUGE-L over every instance.
        public var overall: Spread
        /// Test ROUGE-L over classification tasks' instances, if the test set has any.
        public var classification: Spread?
        /// Test ROUGE-L over generation tasks' instances, if the test set has any.
        public var generation: Spread?
    }

    /// One strategy's learning curve.
    public struct Line: Sendable, Codable, Equatable {
        /// The strategy's name.
        public var strategy: String
        /// Rounds with at least one finished seed, in order.
        public var points: [Point]
    }

    /// One line per strategy, in the settings' order.
    public var lines: [Line]

    /// Aggregates finished cells over seeds.
    public init(settings: ExperimentSettings, cells: [ExperimentCell]) {
        let byKey = Dictionary(cells.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        lines = settings.strategies.map { strategy in
            let points = (ExperimentCell.baseRound...settings.rounds).compactMap { round -> Point? in
                let name = switch round {
                case ExperimentCell.baseRound: ExperimentCell.baseStrategy
                case 0: ExperimentCell.initialStrategy
                default: strategy.rawValue
                }
                let found = settings.seeds.compactMap { byKey[ExperimentCell.key(seed: $0, strategy: name, round: round)] }
                guard let overall = Spread(found.map(\.evaluation.rougeL)) else { return nil }
                let tasks = round == ExperimentCell.baseRound ? 0 : settings.initial + round * settings.perRound
                return Point(round: round, tasks: tasks, overall: overall,
                             classification: Spread(found.compactMap { $0.evaluation.rougeLByKind["classification"] }),
                             generation: Spread(found.compactMap { $0.evaluation.rougeLByKind["generation"] }))
            }
            return Line(strategy: strategy.rawValue, points: points)
        }
    }

    /// A Markdown table: one row per strategy and split, one column per number of training tasks.
    public var markdown: String {
        let columns = Array(Set(lines.flatMap { $0.points.map(\.tasks) })).sorted()
        var out = "| strategy | split | " + columns.map { "\($0) tasks" }.joined(separator: " | ") + " |\n"
        out += "|---|---|" + String(repeating: "---|", count: columns.count) + "\n"
        for line in lines {
            let splits: [(String, (Point) -> Spread?)] = [
                ("overall", { $0.overall }), ("classification", \.classification), ("generation", \.generation),
            ]
            for (split, value) in splits {
                let cells = columns.map { tasks in
                    line.points.first { $0.tasks == tasks }.flatMap(value)?.text ?? "–"
                }
                out += "| \(line.strategy) | \(split) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }
}
