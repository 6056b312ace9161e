/// Why greedy decoding of one prompt stopped.
public enum DecodingFinish: String, Sendable, Equatable {
    /// The model produced the stop token (not included in the output).
    case stopToken
    /// `maxNewTokens` tokens were produced.
    case maxTokens
    /// Prompt plus output filled the context window (a hard limit).
    case contextFull
    /// The output's text reached the stop sequence (the tokens from the one that completed it are dropped).
    case stopSequence
}

/// The greedy continuation of one prompt.
public struct DecodedSequence: Sendable, Equatable {
    /// Generated tokens, without the prompt and without the stop token.
    public var tokens: [Int32]
    /// Why decoding stopped.
    public var finish: DecodingFinish
}

/// Greedy decoding with a key/value cache, for a batch of prompts at once.
extension Transformer {
    /// Greedily continues every prompt by up to `maxNewTokens` tokens, stopping a prompt at
    /// `stopToken` (default: the config's EOS). Prompt plus output never exceed the context length:
    /// a prompt that fills it yields no tokens. Throws for an empty or over-long prompt.
    ///
    /// With `sharePrefix` (the default), the prompts' longest common token prefix (a task's definition and
    /// examples) is computed once and its keys and values copied into every prompt's cache; false computes
    /// every prompt in full (the benchmark's baseline). Both give the same tokens up to floating-point ties.
    /// `prefixGroups` (one id per prompt) shares a prefix within each group instead, so one batch can hold
    /// several tasks' prompts; nil is one group.
    ///
    /// With `stop` (and the `tokenizer` whose text it is), a prompt also stops once its output's text contains the
    /// stop sequence, keeping the tokens before the one that completed it.
    public func greedyDecode(prompts: [[Int32]], maxNewTokens: Int = 128, stopToken: Int32? = nil,
                             sharePrefix: Bool = true, prefixGroups: [Int]? = nil, stop: StopSequence? = nil,
                             tokenizer: BPETokenizer? = nil) throws -> [DecodedSequence] {
        if let prefixGroups, prefixGroups.count != prompts.count {
            throw ModelError(.invalidRequest, "\(prefixGroups.count) prefix groups for \(prompts.count) prompts. "
                + "HINT: give one group id per prompt")
        }
        var textStop: (stop: StopSequence, tokenizer: BPETokenizer)?
        if let stop, let tokenizer { textStop = (stop, tokenizer) }
        return try decode(prompts: prompts, maxNewTokens: maxNewTokens, stopToken: stopToken ?? config.eosTokenId,
                          cached: true, prefixGroups: sharePrefix ? prefixGroups ?? prompts.map { _ in 0 } : nil,
                          textStop: textStop)
    }

    /// The same as `greedyDecode`, recomputing every sequence from scratch each step (reference and benchmark).
    public func greedyDecodeWithoutCache(prompts: [[Int32]], maxNewTokens: Int = 128,
                                         stopToken: Int32? = nil) throws -> [DecodedSequence] {
        try decode(prompts: prompts, maxNewTokens: maxNewTokens, stopToken: stopToken ?? config.eosTokenId,
                   cached: false, prefixGroups: nil, textStop: nil)
    }

    private func decode(prompts: [[Int32]], maxNewTokens: Int, stopToken: Int32, cached: Bool, prefixGroups: [Int]?,
                        textStop: (stop: StopSequence, tokenizer: BPETokenizer)?) throws -> [DecodedSequence] {
        for (i, prompt) in prompts.enumerated() {
            guard !prompt.isEmpty else {
                throw ModelError(.invalidRequest, "prompt \(i) is empty. HINT: start prompts with the BOS token")
            }
            try checkTokens(prompt, what: "prompt \(i)")
            try checkLength(prompt.count, what: "prompt \(i)")
        }
        let T = config.contextLength
        var results = prompts.map { p in
            DecodedSequence(tokens: [], finish: maxNewTokens > 0 && p.count >= T ? .contextFull : .maxTokens)
        }
        var active = prompts.indices.filter { maxNewTokens > 0 && prompts[$0].count < T }
        let caches = prompts.map { p in
            cached ? KVCache(config, capacity: min(T, p.count + maxNewTokens)) : nil
        }
        let pass = ForwardPass(config: config, training: false)
        let shared = cached ? sharePrefixes(prompts, active: active, groups: prefixGroups, caches: caches, pass: pass)
            : prompts.map { _ in 0 }
        var firstStep = true
        while !active.isEmpty {
            var batch = PackedBatch(heads: config.heads)
            for i in active {
                let sequence = prompts[i] + results[i].tokens
                if let cache = caches[i] {
                    // The first step fills the cache with the prompt after any shared prefix; later steps
                    // feed only the newest token.
                    let fresh = firstStep ? sequence.dropFirst(shared[i]) : sequence.suffix(1)
                    let past = sequence.count - fresh.count
                    batch.append(fresh, targets: Array(repeating: -1, count: fresh.count - 1) + [0],
                                 past: cache, pastLength: past, writeCache: cache)
                } else {
                    batch.append(sequence[...], targets: Array(repeating: -1, count: sequence.count - 1) + [0])
                }
            }
            firstStep = false
            let next = pass.greedy(self, batch)
            var still: [Int] = []
            for (i, token) in zip(active, next) {
                if token == stopToken {
                    results[i].finish = .stopToken
                    continue
                }
                results[i].tokens.append(token)
                if let textStop, let kept = textStop.stop.keptCount(results[i].tokens, tokenizer: textStop.tokenizer) {
                    results[i].tokens.removeLast(results[i].tokens.count - kept)
                    results[i].finish = .stopSequence
                } else if results[i].tokens.count >= maxNewTokens {
                    results[i].finish = .maxTokens
                } else if prompts[i].count + results[i].tokens.count >= T {
                    results[i].finish = .contextFull
                } else {
                    still.append(i)
                }
            }
            active = still
        }
        return results
    }

    /// Computes each group's common prefix once, in one forward pass for all groups, and copies its keys and values
    /// into its prompts' caches; returns how many tokens of each prompt that covers (0 outside shared groups).
    private func sharePrefixes(_ prompts: [[Int32]], active: [Int], groups: [Int]?, caches: [KVCache?],
                               pass: ForwardPass) -> [Int] {
        var shared = prompts.map { _ in 0 }
        guard let groups else { return shared }
        var batch = PackedBatch(heads: config.heads)
        var pending: [(members: [Int], cache: KVCache, length: Int)] = []
        // Sorted group ids keep the pass's row order, and so its floating-point sums, independent of hashing.
        for members in Dictionary(grouping: active, by: { groups[$0] }).sorted(by: { $0.key < $1.key }).map(\.value)
        where members.count > 1 {
            // Every prompt keeps at least its last token for the first step: that row predicts the first output.
            let length = min(TokenPrefix.commonLength(members.map { prompts[$0] }),
                             members.map { prompts[$0].count }.min()! - 1)
            guard length > 0 else { continue }
            let cache = KVCache(config, capacity: length)
            batch.append(prompts[members[0]].prefix(length), targets: Array(repeating: -1, count: length),
                         writeCache: cache)
            pending.append((members, cache, length))
        }
        guard !pending.isEmpty else { return shared }
        _ = pass.run(self, batch)
        for (members, cache, length) in pending {
            for i in members {
                caches[i]?.copyPrefix(of: cache, count: length)
                shared[i] = length
            }
        }
        return shared
    }
}
