import Foundation

/// The paper's diagnosis of a pool: every task placed by prompt uncertainty (x, on a cube-root axis) and
/// prediction probability (y), with the K tasks a round would select and the rank-based groups marked.
public struct TaskMap: Sendable, Equatable {
    /// The rank-based categories of method.md, each the first K tasks of the strategy of the same name.
    public enum Group: String, Sendable, Hashable, Codable, CaseIterable {
        /// Highest prompt uncertainty (the `prompt-uncertainty` order).
        case ambiguous
        /// Prompt-certain with low prediction probability (the `difficult` order).
        case difficult
        /// Prompt-certain with high prediction probability (the `easy` order).
        case easy
    }

    /// One task on the map; also the row of `activetune taskmap --json`.
    public struct Row: Sendable, Equatable, Codable {
        /// The task's identifier.
        public var task: String
        /// The task's kind.
        public var kind: TaskScore.Kind
        /// Prompt uncertainty in its own units.
        public var promptUncertainty: Double
        /// Prediction probability, the y coordinate.
        public var predictionProbability: Double
        /// Mean perplexity of the greedy outputs.
        public var perplexity: Double
        /// The x coordinate: the cube root of the prompt uncertainty.
        public var x: Double
        /// The groups the task belongs to, in `Group.allCases` order (a task may be in several).
        public var groups: [Group]
        /// Whether the selector would pick the task this round.
        public var selected: Bool

        enum CodingKeys: String, CodingKey {
            case task, kind, perplexity, x, groups, selected
            case promptUncertainty = "prompt_uncertainty"
            case predictionProbability = "prediction_probability"
        }
    }

    /// One row per task, highest prompt uncertainty first (ties by task id).
    public var rows: [Row]
    /// The size K of each group and of the selection.
    public var top: Int

    /// Places `pool` on the map. `top` defaults to `defaultTop(poolSize:)`; `selector` must be deterministic.
    /// Throws for an empty pool, an invalid score (NaN, infinite, out of range) or a bad `top`.
    public init(pool: [TaskScore], top: Int? = nil, selector: TaskSelector = TaskSelector()) throws(SelectionError) {
        guard !pool.isEmpty else {
            throw SelectionError(.emptyPool, "there are no task scores to draw. "
                + "HINT: score some tasks first (`activetune score --json > scores.json`)")
        }
        try TaskScore.validate(pool)
        let k = top ?? Self.defaultTop(poolSize: pool.count)
        guard k >= 1 else {
            throw SelectionError(.invalidOption, "--top must be at least 1, not \(k). HINT: omit it for the default")
        }
        var members: [String: [Group]] = [:]
        for group in Group.allCases {
            for score in try TaskSelector(strategy: Self.strategy(of: group)).select(k, from: pool) {
                members[score.task, default: []].append(group)
            }
        }
        let selected = Set(try selector.select(k, from: pool).map(\.task))
        rows = try TaskSelector(strategy: .promptUncertainty).select(pool.count, from: pool).map { score in
            Row(task: score.task, kind: score.kind, promptUncertainty: score.promptUncertainty,
                predictionProbability: score.predictionProbability, perplexity: score.perplexity,
                x: Self.cubeRoot(score.promptUncertainty), groups: members[score.task] ?? [],
                selected: selected.contains(score.task))
        }
        self.top = k
    }

    /// The default K: a tenth of the pool, at least 1 (the paper selects 68 of 620 tasks a round).
    public static func defaultTop(poolSize: Int) -> Int {
        max(1, (poolSize + 5) / 10)
    }

    /// The map's x coordinate for a prompt uncertainty: its real cube root.
    public static func cubeRoot(_ value: Double) -> Double {
        let y = Foundation.cbrt(value)
        guard y.isFinite, y != 0 else { return y }
        // glibc's cbrt can be 1 ulp off (cbrt(27) = 3.0000000000000004); one Newton step fixes perfect cubes.
        return y - (y * y * y - value) / (3 * y * y)
    }

    private static func strategy(of group: Group) -> SelectionStrategy {
        switch group {
        case .ambiguous: .promptUncertainty
        case .difficult: .difficult
        case .easy: .easy
        }
    }
}
