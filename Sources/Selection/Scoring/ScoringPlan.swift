import Model

/// The teacher-forced pass of one task: one `ScoringGroup` per prompt variant j, one continuation per instance i.
///
/// BPE of a prompt is not compositional at an arbitrary split, so each FULL prompt_i^j is tokenized and the
/// longest common token prefix of the n prompts of variant j becomes the group's shared prefix; the rest of
/// each prompt, then its target (ending with EOS), is the continuation, scored from the target on. The
/// token sequences are exactly those of the full prompts followed by the targets.
struct ScoringPlan {
    /// `prompts[j][i]`: the tokens of instance i's prompt under variant j.
    let prompts: [[[Int32]]]
    /// `targets[i]`: instance i's target tokens, ending with EOS.
    let targets: [[Int32]]

    /// One group per variant, prefixes shared.
    var groups: [ScoringGroup] {
        prompts.map { variant in
            let shared = TokenPrefix.commonLength(variant)
            return ScoringGroup(prefix: Array(variant[0].prefix(shared)), continuations: zip(variant, targets).map {
                ScoringContinuation(promptSuffix: Array($0.dropFirst(shared)), target: $1)
            })
        }
    }

    /// Mean NLL `[j][i]` of every target under every prompt variant.
    func meanNLL(_ model: Transformer, prefixReuse: Bool) throws -> [[Double]] {
        if prefixReuse { return try model.meanNLL(groups: groups) }
        return try prompts.map { variant in
            try model.meanNLLWithoutPrefixReuse(prefix: [], continuations: zip(variant, targets).map {
                ScoringContinuation(promptSuffix: $0, target: $1)
            })
        }
    }
}
