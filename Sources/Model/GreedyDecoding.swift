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
    ///
    /// With `stop` (and the `tokenizer` whose text it is), a prompt also stops once its output's text contains the
    /// stop sequence, keeping the tokens before the one that completed it.
    public func greedyDecode(prompts: [[Int32]], maxNewTokens: Int = 128, stopToken: Int32? = nil,
                             sharePrefix: Bool = true, stop: StopSequence? = nil,
                             tokenizer: BPETokenizer? = nil) throws -> [DecodedSequence] {
        var textStop: (stop: StopSequence, tokenizer: BPETokenizer)?
        if let stop, let tokenizer { textStop = (stop, tokenizer) }
        return try decode(prompts: prompts, maxNewTokens: maxNewTokens, stopToken: stopToken ?? config.eosTokenId,
                          cached: true, sharePrefix: sharePrefix, textStop: textStop)
    }

    /// The same as `greedyDecode`, recomputing every sequence from scratch each step (reference and benchmark).
    public func greedyDecodeWithoutCache(prompts: [[Int32]], maxNewTokens: Int = 128,
                                         stopToken: Int32? = nil) throws -> [DecodedSequence] {
        try decode(prompts: prompts, maxNewTokens: maxNewTokens, stopToken: stopToken ?? config.eosTokenId,
                   cached: false, sharePrefix: false, textStop: nil)
    }

    private func decode(prompts: [[Int32]], maxNewTokens: Int, stopToken: Int32, cached: Bool, sharePrefix: Bool,
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
        // Every prompt keeps at least its last token for the first step: that row predicts the first output.
        let shared = cached && sharePrefix && active.count > 1
            ? min(TokenPrefix.commonLength(active.map { prompts[$0] }), active.map { prompts[$0].count }.min()! - 1) : 0
        if shared > 0 {
            let prefixCache = KVCache(config, capacity: shared)
            var batch = PackedBatch(heads: config.heads)
            batch.append(prompts[active[0]].prefix(shared), targets: Array(repeating: -1, count: shared),
                         writeCache: prefixCache)
            _ = pass.run(self, batch)
            for i in active { caches[i]?.copyPrefix(of: prefixCache, count: shared) }
        }
        var firstStep = true
        while !active.isEmpty {
            var batch = PackedBatch(heads: config.heads)
            for i in active {
                let sequence = prompts[i] + results[i].tokens
                if let cache = caches[i] {
                    // The first step fills the cache with the prompt after any shared prefix; later steps
                    // feed only the newest token.
                    let fresh = firstStep ? sequence.dropFirst(shared) : sequence.suffix(1)
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
}
