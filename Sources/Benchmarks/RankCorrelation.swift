import Selection

/// Rank statistics for comparing two orderings of the same items.
public enum RankCorrelation {
    /// Spearman's rho of `x` and `y` (same length): the Pearson correlation of their ranks, ties given their
    /// mean rank. 1 for the same order, −1 for the reverse; 0 when either has no variation or under 2 items.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "spearman needs two samples of the same size")
        let rx = Ranking.ascending(x), ry = Ranking.ascending(y), n = Double(x.count)
        guard x.count >= 2 else { return 0 }
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(rx, ry) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}
