import State

/// The one-line STATUS= summary: `pool 5 | budget 5/8 | round 1 | idle`.
public enum StatusLine {
    /// The line for `summary` under `policy`, with `step` saying what the work loop does now.
    public static func render(_ summary: StateStore.Summary, policy: BudgetPolicy, step: String) -> String {
        let (have, need) = policy.progressCounts(hasTrainedModel: summary.hasTrainedModel, pool: summary.pool,
                                                 scored: summary.scoredPool)
        let round = summary.latestRound.map(String.init) ?? "none"
        return "pool \(summary.pool) | budget \(have)/\(need) | round \(round) | \(step)"
    }
}
