/// Picks the K tasks of a round: a strategy's order, optionally stratified by kind and filtered for diversity.
public struct TaskSelector: Sendable, Hashable {
    /// The order of preference.
    public var strategy: SelectionStrategy
    /// The classification / generation quotas, if any.
    public var stratification: Stratification
    /// The near-duplicate filter; nil (the default) turns it off.
    public var diversity: DiversityFilter?

    /// Creates a selector; the defaults are the paper's method without stratification or diversity.
    public init(strategy: SelectionStrategy = .promptUncertainty, stratification: Stratification = .none,
                diversity: DiversityFilter? = nil) {
        self.strategy = strategy
        self.stratification = stratification
        self.diversity = diversity
    }

    /// Selects `count` tasks (all of them when the pool is smaller), in the order they were chosen.
    ///
    /// Walks the strategy's order taking a task unless its kind's quota is full or it is a near-duplicate of a
    /// task already taken. If the round is still short, it is filled first from tasks passed over for a full
    /// quota, then from near-duplicates, each in the strategy's order, so a round always has its K tasks.
    public func select(_ count: Int, from pool: [TaskScore],
                       using generator: inout some RandomNumberGenerator) throws(SelectionError) -> [TaskScore] {
        guard count >= 0 else {
            throw SelectionError(.invalidOption, "cannot select \(count) tasks. HINT: give a count of 0 or more")
        }
        try TaskScore.validate(pool)
        let order = strategy.ordered(pool, using: &generator)
        let quota = try stratification.classificationQuota(count: count, pool: pool)
        let shingles = diversity == nil ? [] : order.map { DiversityFilter.shingles($0.definition ?? "") }
        let target = min(count, pool.count)

        var chosen: [Int] = []
        var taken: [TaskScore.Kind: Int] = [:]
        var overQuota: [Int] = [], duplicates: [Int] = []
        func isDuplicate(_ i: Int) -> Bool {
            guard let diversity else { return false }
            return chosen.contains { DiversityFilter.jaccard(shingles[i], shingles[$0]) >= diversity.threshold }
        }
        for i in order.indices where chosen.count < target {
            if let quota, taken[order[i].kind, default: 0] >= Self.limit(order[i].kind, quota, count) {
                overQuota.append(i)
            } else if isDuplicate(i) {
                duplicates.append(i)
            } else {
                chosen.append(i)
                taken[order[i].kind, default: 0] += 1
            }
        }
        for i in overQuota where chosen.count < target {
            if isDuplicate(i) { duplicates.append(i) } else { chosen.append(i) }
        }
        for i in duplicates.sorted() where chosen.count < target { chosen.append(i) }
        return chosen.map { order[$0] }
    }

    /// Selects with a deterministic strategy; `random` needs a generator and is refused here.
    public func select(_ count: Int, from pool: [TaskScore]) throws(SelectionError) -> [TaskScore] {
        guard strategy != .random else {
            throw SelectionError(.invalidOption, "the random strategy needs a seeded generator. "
                + "HINT: call select(_:from:using:) with one")
        }
        // Never drawn from: only the random strategy uses the generator.
        var unused = SystemRandomNumberGenerator()
        return try select(count, from: pool, using: &unused)
    }

    private static func limit(_ kind: TaskScore.Kind, _ classificationQuota: Int, _ count: Int) -> Int {
        kind == .classification ? classificationQuota : count - classificationQuota
    }
}
