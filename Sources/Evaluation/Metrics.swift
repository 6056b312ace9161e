/// A pair of averaged scores, each in 0...100.
public struct Metrics: Sendable, Codable, Equatable {
    /// Mean ROUGE-L.
    public var rougeL: Double
    /// Mean exact match.
    public var exactMatch: Double

    /// Creates a pair of scores.
    public init(rougeL: Double, exactMatch: Double) {
        self.rougeL = rougeL
        self.exactMatch = exactMatch
    }

    /// The arithmetic mean of each score over `items`; the caller guarantees `items` is not empty.
    static func mean(_ items: [Metrics]) -> Metrics {
        let n = Double(items.count)
        return Metrics(rougeL: items.reduce(0) { $0 + $1.rougeL } / n,
                       exactMatch: items.reduce(0) { $0 + $1.exactMatch } / n)
    }
}

/// Scores averaged two ways over a set of instances.
public struct MetricSummary: Sendable, Codable, Equatable {
    /// How many instances were averaged.
    public var instances: Int
    /// How many distinct tasks they belong to.
    public var tasks: Int
    /// Mean over instances (what NIV2's `compute_metrics` reports; NIV2 also rounds it to 4 decimals, this does not).
    public var micro: Metrics
    /// Mean over tasks of each task's mean over its instances.
    public var macro: Metrics
}
