/// A tokenizer as a checkpoint stores it (`activetune.tokenizer`): `vocab.json`'s object, `merges.txt`'s text, and
/// what a Llama-family tokenizer adds. Payloads written before those fields existed decode with them nil, which
/// means GPT-2: its pre-tokenization, no added tokens, `<|endoftext|>` as end of sequence, all 256 bytes required.
public struct TokenizerPayload: Codable, Sendable, Equatable {
    /// Token text to id, as in `vocab.json`.
    public var vocab: [String: Int]
    /// The text of `merges.txt`.
    public var merges: String
    /// How text is cut into pre-tokens; nil means `.gpt2`.
    public var preTokenization: BPETokenizer.PreTokenization?
    /// The normalizer; nil means `.none`.
    public var normalization: BPETokenizer.Normalization?
    /// The tokens matched in text before pre-tokenization; nil means none.
    public var addedTokens: [BPETokenizer.AddedToken]?
    /// The end-of-sequence id; nil means the id of `<|endoftext|>`.
    public var eosID: Int32?
    /// HF's `ignore_merges`; nil means false.
    public var ignoreMerges: Bool?
    /// Whether bytes without a token are dropped (a model file's vocabulary); nil means false (all 256 required).
    public var dropsMissingBytes: Bool?
    /// The BOS id put before every prompt; nil means none.
    public var bosID: Int32?

    private enum CodingKeys: String, CodingKey {
        case vocab, merges
        case preTokenization = "pre_tokenization", normalization, addedTokens = "added_tokens", eosID = "eos_id"
        case ignoreMerges = "ignore_merges", dropsMissingBytes = "drops_missing_bytes", bosID = "bos_id"
    }

    /// A payload; the fields after `merges` default to the GPT-2 meaning of an old payload.
    public init(vocab: [String: Int], merges: String, preTokenization: BPETokenizer.PreTokenization? = nil,
                normalization: BPETokenizer.Normalization? = nil, addedTokens: [BPETokenizer.AddedToken]? = nil,
                eosID: Int32? = nil, ignoreMerges: Bool? = nil, dropsMissingBytes: Bool? = nil, bosID: Int32? = nil) {
        self.vocab = vocab
        self.merges = merges
        self.preTokenization = preTokenization
        self.normalization = normalization
        self.addedTokens = addedTokens
        self.eosID = eosID
        self.ignoreMerges = ignoreMerges
        self.dropsMissingBytes = dropsMissingBytes
        self.bosID = bosID
    }
}

extension BPETokenizer {
    /// Everything needed to rebuild this tokenizer, for a checkpoint; `init(payload:source:)` reads it back.
    public func payload() -> TokenizerPayload {
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(tokens.count)
        for (id, text) in tokens.enumerated() { vocab[text] = id }
        return TokenizerPayload(vocab: vocab, merges: mergesText(), preTokenization: preTokenization,
                                normalization: normalization, addedTokens: addedTokens, eosID: eosID,
                                ignoreMerges: ignoresMerges, dropsMissingBytes: dropsMissingBytes, bosID: bosID)
    }

    /// Rebuilds a tokenizer from a checkpoint's payload; `source` names it in error messages.
    public convenience init(payload: TokenizerPayload, source: String) throws {
        try self.init(vocabulary: payload.vocab, merges: try Self.parseMerges(payload.merges, file: source + " merges"),
                      endOfSequence: payload.eosID, droppingMissingBytes: payload.dropsMissingBytes ?? false,
                      preTokenization: payload.preTokenization ?? .gpt2, normalization: payload.normalization ?? .none,
                      addedTokens: payload.addedTokens ?? [], ignoreMerges: payload.ignoreMerges ?? false,
                      beginningOfSequence: payload.bosID)
    }
}
