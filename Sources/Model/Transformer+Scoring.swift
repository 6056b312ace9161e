/// Teacher-forced scoring: the mean NLL of each target given its prompt.
///
/// For a continuation c after prefix p, the scored tokens are y = c.tokens[c.lossStart...] (EOS
/// included) and the result is (1/|y|) Σ_j −log softmax(logits(p + c.tokens[..<lossStart+j]))[y_j]
/// in nats, the number an independent implementation computes from the full sequence.
extension Transformer {
    /// Packed rows per forward pass: large enough for efficient GEMMs, small enough to bound memory.
    static let scoringTokensPerPass = 2048

    /// Mean NLL of every continuation after `prefix`, computing the prefix's key/value cache once.
    ///
    /// Throws `contextOverflow` if prefix + continuation exceeds the context length, and
    /// `invalidRequest` for an empty target or (with an empty prefix) a target at position 0.
    public func meanNLL(prefix: [Int32], continuations: [ScoringContinuation]) throws -> [Double] {
        try meanNLL(groups: [ScoringGroup(prefix: prefix, continuations: continuations)])[0]
    }

    /// Mean NLL for many groups at once: one result array per group, one value per continuation.
    public func meanNLL(groups: [ScoringGroup]) throws -> [[Double]] {
        let pass = ForwardPass(config: config, training: false)
        return try groups.enumerated().map { index, group in
            try validate(group, index: index)
            let head = group.prefix.dropLast()
            var cache: KVCache?
            if !head.isEmpty {
                // The prefix's last token is re-fed with each continuation, so the row that predicts a
                // continuation's first token belongs to that continuation's segment.
                let prefixCache = KVCache(config, capacity: head.count)
                var batch = PackedBatch(heads: config.heads)
                batch.append(head, targets: [Int32](repeating: -1, count: head.count), writeCache: prefixCache)
                _ = pass.run(self, batch)
                cache = prefixCache
            }
            let sequences = group.continuations.map { c in
                (tokens: group.prefix.suffix(1) + c.tokens[...], scoredFrom: group.prefix.isEmpty ? c.lossStart - 1 : c.lossStart)
            }
            return score(sequences, past: cache, pastLength: head.count, pass: pass)
        }
    }

    /// The same numbers as `meanNLL(prefix:continuations:)`, recomputing every full sequence from
    /// scratch (the baseline prefix reuse is measured against).
    public func meanNLLWithoutPrefixReuse(prefix: [Int32], continuations: [ScoringContinuation]) throws -> [Double] {
        try validate(ScoringGroup(prefix: prefix, continuations: continuations), index: 0)
        let sequences = continuations.map { c in
            (tokens: ArraySlice(prefix + c.tokens), scoredFrom: prefix.count + c.lossStart - 1)
        }
        return score(sequences, past: nil, pastLength: 0, pass: ForwardPass(config: config, training: false))
    }

    /// The next-token logits at every position of one sequence: (T, V) row-major, row t predicting token t+1.
    ///
    /// `tokens` must be non-empty, fit the context, and hold only ids of the vocabulary.
    public func logits(tokens: [Int32]) throws -> [Float] {
        guard !tokens.isEmpty else { throw ModelError(.invalidRequest, "an empty sequence has no logits") }
        try checkTokens(tokens, what: "the sequence")
        try checkLength(tokens.count, what: "the sequence")
        var batch = PackedBatch(heads: config.heads)
        // Target 0 only marks every row as one whose logits are wanted.
        batch.append(tokens[...], targets: [Int32](repeating: 0, count: tokens.count))
        return ForwardPass(config: config, training: false).logits(self, batch)
    }

    /// Scores sequences whose rows from `scoredFrom` on predict the next token, packing them into passes.
    private func score(_ sequences: [(tokens: ArraySlice<Int32>, scoredFrom: Int)], past: KVCache?,
                       pastLength: Int, pass: ForwardPass) -> [Double] {
        var results: [Double] = []
        var index = 0
        while index < sequences.count {
            var batch = PackedBatch(heads: config.heads)
            var counts: [Int] = []
            while index < sequences.count,
                  batch.count == 0 || batch.count + sequences[index].tokens.count <= Self.scoringTokensPerPass {
                let (tokens, from) = sequences[index]
                let targets = PackedBatch.nextTokenTargets(tokens, scoredFrom: from)
                batch.append(tokens, targets: targets, past: past, pastLength: pastLength)
                counts.append(targets.count { $0 >= 0 })
                index += 1
            }
            let losses = pass.run(self, batch)
            var offset = 0
            for count in counts {
                results.append(losses[offset..<offset + count].reduce(0, +) / Double(count))
                offset += count
            }
        }
        return results
    }

    private func validate(_ group: ScoringGroup, index: Int) throws {
        try checkTokens(group.prefix, what: "prefix of group \(index)")
        for (i, c) in group.continuations.enumerated() {
            let what = "continuation \(i) of group \(index)"
            try checkTokens(c.tokens, what: what)
            try checkLength(group.prefix.count + c.tokens.count, what: "prefix + \(what)")
            let first = group.prefix.isEmpty ? 1 : 0
            guard c.lossStart >= first, c.lossStart < c.tokens.count else {
                throw ModelError(.invalidRequest, "\(what) has lossStart \(c.lossStart) with \(c.tokens.count) "
                                 + "tokens; the target must be non-empty and have a token before it. "
                                 + "HINT: end every target with the EOS token")
            }
        }
    }
}
