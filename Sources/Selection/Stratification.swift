/// Whether a round keeps a fixed share of classification tasks, as the paper does (24 of 68 tasks).
///
/// Quotas: classification gets round(K · share) tasks, halves rounded up (68 · 0.356 = 24.2 → 24), generation
/// the rest. When one kind runs short of its quota, the other kind fills the round.
public enum Stratification: Sendable, Hashable {
    /// No quotas: the first K of the strategy's order.
    case none
    /// The pool's own share of classification tasks.
    case poolRatio
    /// A given share of classification tasks, in 0...1.
    case classificationShare(Double)

    /// The number of classification tasks a round of `count` tasks aims for, or nil when not stratified.
    public func classificationQuota(count: Int, pool: [TaskScore]) throws(SelectionError) -> Int? {
        let share: Double
        switch self {
        case .none:
            return nil
        case .poolRatio:
            guard !pool.isEmpty else { return 0 }
            share = Double(pool.count { $0.kind == .classification }) / Double(pool.count)
        case .classificationShare(let given):
            guard given.isFinite, given >= 0, given <= 1 else {
                throw SelectionError(.invalidOption, "classification share \(given) is not in 0...1. "
                    + "HINT: give the fraction of classification tasks per round, e.g. 0.356")
            }
            share = given
        }
        return min(count, max(0, Int((Double(count) * share).rounded(.toNearestOrAwayFromZero))))
    }
}
