import Tasks

/// The scores of one task against one model: what every selection strategy and the task map work on.
///
/// It is also the JSON row of `activetune score --json` and `taskmap --scores FILE` (an array of these):
/// `task` (string), `kind` ("classification" or "generation"), `prompt_uncertainty`,
/// `prediction_probability`, `perplexity` (numbers) and optionally `definition` (string); other keys are ignored.
public struct TaskScore: Sendable, Hashable, Codable {
    /// Whether a task has a closed label set (classification) or free-form outputs (generation): the Tasks
    /// module's classification, one type from the task file to the selection.
    public typealias Kind = TaskKind

    /// The task's identifier, unique within a pool.
    public var task: String
    /// The task's kind, used for stratified selection and the map's colours.
    public var kind: Kind
    /// Mean |p_ij − p_i0| over instances and perturbed prompts (method.md), ≥ 0.
    public var promptUncertainty: Double
    /// Mean probability of the greedy outputs under the clean prompt, in 0...1.
    public var predictionProbability: Double
    /// Mean per-instance perplexity of the greedy outputs, > 0.
    public var perplexity: Double
    /// The task definition, used only by the optional diversity filter.
    public var definition: String?

    /// Creates a score row.
    public init(task: String, kind: Kind, promptUncertainty: Double, predictionProbability: Double,
                perplexity: Double, definition: String? = nil) {
        self.task = task
        self.kind = kind
        self.promptUncertainty = promptUncertainty
        self.predictionProbability = predictionProbability
        self.perplexity = perplexity
        self.definition = definition
    }

    enum CodingKeys: String, CodingKey {
        case task, kind, perplexity, definition
        case promptUncertainty = "prompt_uncertainty"
        case predictionProbability = "prediction_probability"
    }

    /// Checks that every score is finite and in range and that task ids are unique, naming the first offender.
    public static func validate(_ pool: [TaskScore]) throws(SelectionError) {
        var seen = Set<String>()
        for score in pool {
            guard seen.insert(score.task).inserted else {
                throw SelectionError(.duplicateTask, "task \(score.task) appears twice in the pool. "
                    + "HINT: give each task one row of scores")
            }
            try check(score, "prompt_uncertainty", score.promptUncertainty, "≥ 0") { $0 >= 0 }
            try check(score, "prediction_probability", score.predictionProbability, "in 0...1") { $0 >= 0 && $0 <= 1 }
            try check(score, "perplexity", score.perplexity, "> 0") { $0 > 0 }
        }
    }

    private static func check(_ score: TaskScore, _ field: String, _ value: Double, _ range: String,
                              _ isValid: (Double) -> Bool) throws(SelectionError) {
        guard value.isFinite, isValid(value) else {
            throw SelectionError(.invalidScore, "task \(score.task) has \(field) = \(value), which must be finite and "
                + "\(range). HINT: re-score the task; a NaN or infinite score means its scoring failed")
        }
    }
}
