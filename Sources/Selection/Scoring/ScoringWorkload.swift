import Model

/// How many positions the forward passes of one task's scoring compute, with prefix reuse and without:
/// the bound on what reuse can save when every position costs the same.
package struct ScoringWorkload {
    /// `prompts[j][i]`: instance i's prompt tokens under variant j (j = 0 clean).
    let prompts: [[[Int32]]]
    /// Each instance's target length (the re-tokenized greedy output and EOS).
    package let targetLengths: [Int]

    /// Reads the prompts and targets an explained score carries.
    package init(_ scored: ScoredTask) {
        let variants = scored.instances.first?.promptTokens?.count ?? 0
        prompts = (0..<variants).map { j in scored.instances.map { $0.promptTokens?[j] ?? [] } }
        targetLengths = scored.instances.map { $0.targetTokens?.count ?? 0 }
    }

    /// Positions computed: decoding (clean prompts, then about one row per output token) and the
    /// teacher-forced pass (every variant's prompts and targets). Reuse computes each variant's common
    /// prefix once, less the last token, which every sequence re-feeds (`Transformer.meanNLL(groups:)`).
    package func positions(prefixReuse: Bool) -> Int {
        let generated = targetLengths.reduce(0, +) - targetLengths.count
        let targets = targetLengths.reduce(0, +)
        let scored = prompts.reduce(0) { total, variant in
            let all = variant.reduce(0) { $0 + $1.count }
            let shared = prefixReuse ? max(0, TokenPrefix.commonLength(variant) - 1) : 0
            return total + all - (variant.count - 1) * shared
        }
        let clean = prompts.first ?? []
        // `Transformer.greedyDecode` shares the common prefix, leaving each prompt at least its last token.
        let shortest = clean.map(\.count).min() ?? 0
        let decodeShared = prefixReuse && clean.count > 1 ? min(TokenPrefix.commonLength(clean), shortest - 1) : 0
        let decoded = clean.reduce(0) { $0 + $1.count } - (clean.count - 1) * decodeShared + generated
        return decoded + scored + targets * prompts.count
    }
}
