/// The scores of one prediction, ×100 as NIV2 reports them.
public struct InstanceEvaluation: Sendable, Codable, Equatable {
    /// The task the instance belongs to.
    public var task: String
    /// The task's kind, e.g. "classification" or "generation"; reports are also split by it.
    public var kind: String
    /// ROUGE-L F-measure, best over the references, in 0...100.
    public var rougeL: Double
    /// 100 when the prediction exactly matches a reference after normalisation, else 0.
    public var exactMatch: Double

    /// Creates a record from scores already computed.
    public init(task: String, kind: String, rougeL: Double, exactMatch: Double) {
        self.task = task
        self.kind = kind
        self.rougeL = rougeL
        self.exactMatch = exactMatch
    }

    /// Scores `prediction` against `references` with NIV2's ROUGE-L and exact match.
    public init(task: String, kind: String, prediction: String, references: [String],
                rouge: RougeL = RougeL()) throws(EvaluationError) {
        let f = try rouge.fmeasure(prediction: prediction, references: references)
        let match = try ExactMatch.matches(prediction: prediction, references: references)
        self.init(task: task, kind: kind, rougeL: 100 * f, exactMatch: match ? 100 : 0)
    }
}
