import Selection

/// Pool scores kept by the cell whose model computed them, so strategies that score the same pool with the same
/// model share one pass: in round 1 every strategy is scored by the shared round-0 model.
///
/// A pass with prompt uncertainty (for it, easy or difficult) also holds the clean prompt's prediction probability and perplexity, computed exactly
/// as the perplexity baselines' cheaper pass (k = 0) computes them, so it serves all three; a perplexity pass serves
/// only the perplexity baselines. Kept in memory for one run: a resumed run scores again what it needs.
final class PoolScoreCache {
    private var entries: [String: (servesUncertainty: Bool, rows: [TaskScore])] = [:]

    /// The rows scored under cell `key`, if a stored pass has what `strategy` reads.
    func rows(for key: String, serving strategy: SelectionStrategy) -> [TaskScore]? {
        guard let entry = entries[key] else { return nil }
        return entry.servesUncertainty || !Self.readsUncertainty(strategy) ? entry.rows : nil
    }

    /// Whether `strategy` reads prompt uncertainty (the perplexity baselines read only the clean prompt's numbers).
    private static func readsUncertainty(_ strategy: SelectionStrategy) -> Bool {
        ![.highPerplexity, .lowPerplexity].contains(strategy)
    }

    /// Keeps `rows`, scored under cell `key` for `strategy`.
    func store(_ rows: [TaskScore], for key: String, computedFor strategy: SelectionStrategy) {
        let servesUncertainty = Self.readsUncertainty(strategy)
        if let existing = entries[key], existing.servesUncertainty, !servesUncertainty { return }
        entries[key] = (servesUncertainty, rows)
    }
}
