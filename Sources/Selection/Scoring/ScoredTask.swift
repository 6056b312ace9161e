/// A task's prompt-uncertainty score with the per-instance evidence: one element of `activetune score --json`.
///
/// JSON: the `TaskScore` row (`task`, `kind`, `prompt_uncertainty`, `prediction_probability`,
/// `perplexity`) plus `instances` (`ScoredInstance` objects), so `taskmap --scores` reads it as it is.
public struct ScoredTask: Sendable, Hashable, Codable {
    /// The row selection strategies and the task map work on.
    public var score: TaskScore
    /// The sampled instances, in sampling order.
    public var instances: [ScoredInstance]

    /// Makes a scored task.
    public init(score: TaskScore, instances: [ScoredInstance]) {
        self.score = score
        self.instances = instances
    }

    private enum CodingKeys: String, CodingKey { case instances }

    /// Decodes the row and its instances from one JSON object.
    public init(from decoder: any Decoder) throws {
        score = try TaskScore(from: decoder)
        instances = try decoder.container(keyedBy: CodingKeys.self).decode([ScoredInstance].self, forKey: .instances)
    }

    /// Encodes the row's keys and `instances` into one JSON object.
    public func encode(to encoder: any Encoder) throws {
        try score.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instances, forKey: .instances)
    }
}
