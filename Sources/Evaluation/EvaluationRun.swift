/// Everything one evaluation produced: every instance, the aggregated report and its summary.
public struct EvaluationRun: Sendable, Codable, Equatable {
    /// Every evaluated instance, in task then instance order.
    public var instances: [EvaluatedInstance]
    /// Overall, per-kind and per-task micro/macro scores.
    public var report: EvaluationReport
    /// The report's headline numbers.
    public var summary: EvaluationSummary { EvaluationSummary(report) }
}
