/// How a round picks its tasks; the raw values are the CLI and configuration names.
///
/// Every strategy orders the whole pool by preference and a round takes from the front. Ties are broken by
/// task id (ascending), so the order never depends on the order the pool was given in.
/// - `prompt-uncertainty`: highest prompt uncertainty first (the method; the default).
/// - `random`: a shuffle, by the caller's generator, of the pool sorted by task id.
/// - `high-perplexity` / `low-perplexity`: highest / lowest perplexity first.
/// - `difficult`: lowest rank(uncertainty ascending) + rank(probability ascending): prompt-certain, unlikely outputs.
/// - `easy`: lowest rank(uncertainty ascending) + rank(probability descending): prompt-certain, likely outputs.
///   Ranks are 1-based; tied values share their mean rank.
public enum SelectionStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Highest prompt uncertainty first: the method, and the default.
    case promptUncertainty = "prompt-uncertainty"
    /// A seeded shuffle.
    case random
    /// Highest perplexity first.
    case highPerplexity = "high-perplexity"
    /// Lowest perplexity first.
    case lowPerplexity = "low-perplexity"
    /// Prompt-certain tasks with likely outputs first.
    case easy
    /// Prompt-certain tasks with unlikely outputs first.
    case difficult

    /// The pool in order of preference; `generator` is drawn from only by `random`.
    public func ordered(_ pool: [TaskScore], using generator: inout some RandomNumberGenerator) -> [TaskScore] {
        let byTask = pool.sorted { $0.task < $1.task }
        switch self {
        case .random:
            return byTask.shuffled(using: &generator)
        case .promptUncertainty:
            return Self.ascending(byTask, key: byTask.map { -$0.promptUncertainty })
        case .highPerplexity:
            return Self.ascending(byTask, key: byTask.map { -$0.perplexity })
        case .lowPerplexity:
            return Self.ascending(byTask, key: byTask.map(\.perplexity))
        case .difficult, .easy:
            let uncertainty = Ranking.ascending(byTask.map(\.promptUncertainty))
            let sign = self == .difficult ? 1.0 : -1.0
            let probability = Ranking.ascending(byTask.map { sign * $0.predictionProbability })
            return Self.ascending(byTask, key: zip(uncertainty, probability).map { $0 + $1 })
        }
    }

    /// `items` (already sorted by task id) stably sorted by `key`, so equal keys keep task-id order.
    private static func ascending(_ items: [TaskScore], key: [Double]) -> [TaskScore] {
        items.indices.sorted { key[$0] != key[$1] ? key[$0] < key[$1] : $0 < $1 }.map { items[$0] }
    }
}
