/// Variable-length sequences packed end to end into one (N) row of tokens, so every matmul runs
/// once over all real tokens and nothing is spent on padding; attention stays inside each segment.
struct PackedBatch {
    /// Token ids, (N).
    var tokens: [Int32] = []
    /// Position of each token in its own sequence (cached past included), (N).
    var positions: [Int32] = []
    /// The token each row must predict, or -1 where the row is not scored, (N).
    var targets: [Int32] = []
    /// One entry per packed sequence.
    var segments: [AttentionSegment] = []
    /// Floats of attention-score storage all segments need together.
    private(set) var scoreCount = 0
    private let heads: Int

    init(heads: Int) { self.heads = heads }

    /// Number of packed rows.
    var count: Int { tokens.count }

    /// Rows whose prediction is scored, in order.
    var scoredRows: [Int] { targets.indices.filter { targets[$0] >= 0 } }

    /// Appends one sequence that continues `pastLength` tokens held in `past` (0 and nil for none);
    /// `targets[i]` is what row i predicts (-1: not scored). Keys and values go to `writeCache` if given.
    mutating func append(_ sequence: ArraySlice<Int32>, targets rowTargets: [Int32],
                         past: KVCache? = nil, pastLength: Int = 0, writeCache: KVCache? = nil) {
        precondition(rowTargets.count == sequence.count, "one target per row")
        var segment = AttentionSegment(start: tokens.count, length: sequence.count, past: past,
                                       pastLength: pastLength, writeCache: writeCache, scoreOffset: scoreCount)
        segment.scoreOffset = scoreCount
        scoreCount += segment.scoreCount(heads: heads)
        segments.append(segment)
        tokens.append(contentsOf: sequence)
        positions.append(contentsOf: (0..<sequence.count).map { Int32(pastLength + $0) })
        targets.append(contentsOf: rowTargets)
    }

    /// Per-row targets that score the next token from row `from` on: row i predicts tokens[i+1].
    static func nextTokenTargets(_ sequence: ArraySlice<Int32>, scoredFrom from: Int) -> [Int32] {
        let tokens = Array(sequence)
        return tokens.indices.map { i in i + 1 < tokens.count && i >= from ? tokens[i + 1] : -1 }
    }
}
