import Foundation
import GRDB

/// A task's scores against one model version.
public struct StoredScore: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "score"
    /// The task's content hash.
    public var task: String
    /// The checkpoint id of the model that scored it.
    public var model: String
    public var promptUncertainty: Double
    public var predictionProbability: Double
    public var perplexity: Double
    /// Per-instance detail (outputs, probabilities) as JSON.
    public var detail: Data?
    public var scoredAt: Double

    enum CodingKeys: String, CodingKey {
        case task, model, detail, perplexity
        case promptUncertainty = "prompt_uncertainty", predictionProbability = "prediction_probability"
        case scoredAt = "scored_at"
    }

    public init(task: String, model: String, promptUncertainty: Double, predictionProbability: Double,
                perplexity: Double, detail: Data?, scoredAt: Double) {
        self.task = task; self.model = model; self.promptUncertainty = promptUncertainty
        self.predictionProbability = predictionProbability; self.perplexity = perplexity
        self.detail = detail; self.scoredAt = scoredAt
    }
}
