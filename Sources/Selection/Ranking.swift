/// Ranks for the rank-sum strategies (easy, difficult), and for the benchmarks' rank correlation.
package enum Ranking {
    /// 1-based ranks of `values` in ascending order. Tied values share the mean of the ranks they span
    /// (scipy's "average" method), so a rank sum never depends on how ties happen to be ordered.
    package static func ascending(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let shared = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = shared }
            start = end + 1
        }
        return ranks
    }
}
