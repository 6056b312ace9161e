/// One test instance as the model answered it, with its scores (×100).
public struct EvaluatedInstance: Sendable, Codable, Equatable {
    /// The task's id.
    public var task: String
    /// The task's kind: "classification" or "generation".
    public var kind: String
    /// The instance's id.
    public var id: String
    /// The greedy output, decoded.
    public var prediction: String
    /// The reference outputs.
    public var references: [String]
    /// ROUGE-L F, best over the references, in 0...100.
    public var rougeL: Double
    /// 100 for an exact match (after NIV2's normalisation), else 0.
    public var exactMatch: Double
}
