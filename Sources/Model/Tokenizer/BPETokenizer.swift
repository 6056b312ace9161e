import Foundation
import Synchronization

/// Byte-level BPE: text → token ids and back, exactly as HF `tokenizers` does it for GPT-2 (ByteLevel BPE with
/// `add_prefix_space=False`) and the Llama family's files (SmolLM2, Llama 3, Qwen2: see `PreTokenization`), with
/// `add_special_tokens=False` (no BOS/EOS is added). Safe to share between tasks; encodings are cached per word.
public final class BPETokenizer: Sendable {
    /// GPT-2's end-of-sequence token's text; the end-of-sequence token when nothing else names one.
    public static let endOfText = "<|endoftext|>"

    /// The id of the end-of-sequence token (`<|endoftext|>` unless the file or the caller named another).
    public let eosID: Int32
    /// The beginning-of-sequence token the model's files say to put before every prompt (Llama 2 and 3 do; GPT-2 and
    /// SmolLM2 do not): `encodePrompt` adds it, `encode` never does. Nil when the model adds none.
    public let bosID: Int32?
    /// How text is cut into pre-tokens.
    public let preTokenization: PreTokenization
    /// The normalizer applied before pre-tokenization.
    public let normalization: Normalization
    /// The tokens matched in the text before pre-tokenization when `encode` is asked to (`SpecialTokens.match`).
    public let addedTokens: [AddedToken]
    /// HF's `ignore_merges` (Llama 3): a pre-token that is itself in the vocabulary is that one token, unmerged.
    public let ignoresMerges: Bool
    /// Whether bytes without a single-byte token are dropped (a model file's vocabulary) rather than refused.
    let dropsMissingBytes: Bool
    /// Token texts by id, as `vocab.json` writes them (bytes shown through GPT-2's byte alphabet).
    let tokens: [String]
    /// The bytes each token stands for, by id.
    private let tokenBytes: [[UInt8]]
    /// The merges in rank order (rank 0 first), as id pairs with the id of their result.
    let merges: [Merge]
    /// Rank of each mergeable pair, keyed by `pairKey(left, right)`.
    private let ranks: [UInt64: Int32]
    /// The id of the single-byte token of each byte value; `noToken` for a byte the vocabulary lacks.
    private let byteIDs: [Int32]
    /// Marks a byte without a token: it is dropped from the text, as HF `tokenizers` drops it when a BPE model
    /// has no unknown token (SmolLM2's vocabulary lacks 21 bytes, control characters and never-valid UTF-8).
    private static let noToken: Int32 = -1
    /// Encodings of words seen before; cleared when it grows past `cacheLimit` to bound memory.
    private let cache = Mutex<[ArraySlice<UInt8>: [Int32]]>([:])
    /// Added tokens matched in the original text (HF's non-normalized ones) and in the normalized text.
    private let rawMatcher: AddedTokenMatcher, normalizedMatcher: AddedTokenMatcher
    /// Each token's id by its bytes, for `ignoresMerges` (empty otherwise).
    private let idForBytes: [ArraySlice<UInt8>: Int32]
    private static let cacheLimit = 100_000

    /// One merge rule: `left` followed by `right` becomes `result`.
    struct Merge: Sendable, Equatable {
        var left: Int32
        var right: Int32
        var result: Int32
    }

    /// The number of tokens; valid ids are `0..<vocabularySize`.
    public var vocabularySize: Int { tokens.count }

    /// Builds a tokenizer from token texts by id and merges as pairs of ids in rank order. The end-of-sequence
    /// token is `endOfSequence` when given (a model file names its own, e.g. SmolLM2's `<|im_end|>`), else
    /// `<|endoftext|>`, GPT-2's. With `droppingMissingBytes` a vocabulary may lack single-byte tokens (a model
    /// file's, made elsewhere); otherwise all 256 must be there, so no text is ever lost. Each added token's
    /// text must be the vocabulary's text for its id.
    init(tokens: [String], merges mergePairs: [(Int32, Int32)], endOfSequence: Int32? = nil,
         droppingMissingBytes: Bool = false, preTokenization: PreTokenization = .gpt2,
         normalization: Normalization = .none, addedTokens: [AddedToken] = [], ignoreMerges: Bool = false,
         beginningOfSequence: Int32? = nil) throws {
        var idForText: [String: Int32] = [:]
        for (id, text) in tokens.enumerated() {
            guard idForText.updateValue(Int32(id), forKey: text) == nil else {
                throw TokenizerError(.malformedVocabulary, "the vocabulary has the token \"\(text)\" twice. "
                    + "HINT: regenerate it with `activetune tokenizer train`")
            }
        }
        if let endOfSequence, !tokens.indices.contains(Int(endOfSequence)) {
            throw TokenizerError(.missingEndOfText, "the end-of-sequence id \(endOfSequence) is not in the vocabulary "
                + "of \(tokens.count) tokens. HINT: the model file's tokenizer metadata is inconsistent")
        }
        if let beginningOfSequence, !tokens.indices.contains(Int(beginningOfSequence)) {
            throw TokenizerError(.malformedVocabulary, "the beginning-of-sequence id \(beginningOfSequence) is not in the "
                + "vocabulary of \(tokens.count) tokens. HINT: the model file's tokenizer metadata is inconsistent")
        }
        guard let eos = endOfSequence ?? idForText[Self.endOfText] else {
            throw TokenizerError(.missingEndOfText, "the vocabulary has no \(Self.endOfText) token. "
                + "HINT: use a GPT-2 style vocabulary, e.g. one made by `activetune tokenizer train`")
        }
        var byteIDs: [Int32] = []
        for byte in 0...255 {
            guard let id = idForText[ByteLevelAlphabet.text(of: [UInt8(byte)])] else {
                if droppingMissingBytes {
                    byteIDs.append(Self.noToken)
                    continue
                }
                throw TokenizerError(.malformedVocabulary, "the vocabulary lacks the token for byte \(byte), "
                    + "so some text could not be encoded. HINT: use a byte-level BPE vocabulary with all 256 bytes")
            }
            byteIDs.append(id)
        }
        var merges: [Merge] = []
        var ranks: [UInt64: Int32] = [:]
        for (rank, (left, right)) in mergePairs.enumerated() {
            guard tokens.indices.contains(Int(left)), tokens.indices.contains(Int(right)),
                  let result = idForText[tokens[Int(left)] + tokens[Int(right)]] else {
                throw TokenizerError(.malformedMerges, "merge \(rank + 1) (ids \(left) \(right)) does not produce "
                    + "a token of the vocabulary. HINT: the merges do not belong to this vocabulary")
            }
            merges.append(Merge(left: left, right: right, result: result))
            // A repeated pair takes its last rank, as in GPT-2's dict of ranks and HF's merge map.
            ranks[Self.pairKey(left, right)] = Int32(rank)
        }
        var tokenBytes = tokens.map { ByteLevelAlphabet.bytes(of: $0) ?? Array($0.utf8) }
        for added in addedTokens {
            guard tokens.indices.contains(Int(added.id)), tokens[Int(added.id)] == added.text else {
                throw TokenizerError(.malformedVocabulary, "the added token \"\(added.text)\" has id \(added.id), "
                    + "which the vocabulary of \(tokens.count) tokens gives to another text",
                    hint: "the added tokens do not belong to this vocabulary; re-export the tokenizer")
            }
            // An added token stands for its text as written (`<|im_start|>`), not through the byte alphabet.
            tokenBytes[Int(added.id)] = Array(added.text.utf8)
        }
        var idForBytes: [ArraySlice<UInt8>: Int32] = [:]
        if ignoreMerges {
            // The first id wins if two tokens stand for the same bytes, as HF keeps the first in its vocab map.
            for (id, bytes) in tokenBytes.enumerated() where idForBytes[bytes[...]] == nil { idForBytes[bytes[...]] = Int32(id) }
        }
        self.tokens = tokens
        self.tokenBytes = tokenBytes
        self.idForBytes = idForBytes
        self.preTokenization = preTokenization
        self.normalization = normalization
        self.addedTokens = addedTokens
        self.ignoresMerges = ignoreMerges
        self.dropsMissingBytes = droppingMissingBytes
        self.rawMatcher = AddedTokenMatcher(addedTokens.filter { !$0.normalized || normalization == .none })
        self.normalizedMatcher = AddedTokenMatcher(addedTokens.filter { $0.normalized && normalization != .none })
        self.eosID = eos
        self.bosID = beginningOfSequence
        self.byteIDs = byteIDs
        self.merges = merges
        self.ranks = ranks
    }

    /// The ids a model reads for the prompt `text`: its BOS token first when the model adds one (`bosID`), then
    /// `encode(text)`. Every prompt the engine scores, decodes from or trains on goes through this, as HF's
    /// tokenizer call with its default `add_special_tokens=True` and llama.cpp's tokenization do.
    public func encodePrompt(_ text: String) -> [Int32] {
        guard let bosID else { return encode(text) }
        return [bosID] + encode(text)
    }

    /// Tokens `encodePrompt` adds to a prompt's text: 1 with a BOS, else 0 (prompt budgets leave room for them).
    public var promptOverhead: Int { bosID == nil ? 0 : 1 }

    /// The ids of `text`, without BOS/EOS. With `.asText` (the default) added tokens such as `<|endoftext|>` or
    /// `<|im_start|>` written in the text are encoded as ordinary characters; with `.match` each becomes its id,
    /// as HF `tokenizers` does by default.
    public func encode(_ text: String, specialTokens: SpecialTokens = .asText) -> [Int32] {
        var ids: [Int32] = []
        ids.reserveCapacity(text.utf8.count / 3 + 1)
        guard specialTokens == .match, !addedTokens.isEmpty else {
            encodeNormalizing(text, matchingNormalizedTokens: false, into: &ids)
            return ids
        }
        // HF's order: tokens with `normalized: false` are found in the original text, the rest of it is
        // normalized, then the `normalized: true` tokens are found in that.
        let utf8 = Array(text.utf8)
        for segment in rawMatcher.segments(of: utf8, in: 0..<utf8.count) {
            switch segment {
            case .token(let id): ids.append(id)
            case .text(let range):
                encodeNormalizing(String(decoding: utf8[range], as: UTF8.self), matchingNormalizedTokens: true,
                                  into: &ids)
            }
        }
        return ids
    }

    /// Normalizes `text`, optionally splits out the normalized added tokens, and encodes the rest.
    private func encodeNormalizing(_ text: String, matchingNormalizedTokens: Bool, into ids: inout [Int32]) {
        let utf8 = Array(normalized(text).utf8)
        guard matchingNormalizedTokens, !normalizedMatcher.isEmpty else {
            encodePlain(utf8, into: &ids)
            return
        }
        for segment in normalizedMatcher.segments(of: utf8, in: 0..<utf8.count) {
            switch segment {
            case .token(let id): ids.append(id)
            case .text(let range): encodePlain(Array(utf8[range]), into: &ids)
            }
        }
    }

    /// `text` under the tokenizer's normalizer.
    private func normalized(_ text: String) -> String {
        switch normalization {
        case .none: return text
        case .nfc:
            // Scalars below U+0300 are all NFC-stable and none composes with a preceding one, so text of
            // only those (UTF-8 lead bytes below 0xCC) is already NFC.
            if text.utf8.allSatisfy({ $0 < 0xCC }) { return text }
            return text.precomposedStringWithCanonicalMapping
        }
    }

    /// Pre-tokenizes and merges text that holds no added token.
    private func encodePlain(_ utf8: [UInt8], into ids: inout [Int32]) {
        for range in PreTokenizer.pieces(of: utf8, preTokenization) {
            let piece = utf8[range]
            if piece.count == 1 {
                let id = byteIDs[Int(piece[piece.startIndex])]
                if id != Self.noToken { ids.append(id) }
            } else if ignoresMerges, let id = idForBytes[piece] {
                ids.append(id)
            } else if let cached = cache.withLock({ $0[piece] }) {
                ids.append(contentsOf: cached)
            } else {
                let word = bytePairEncode(piece)
                let key = ArraySlice(Array(piece))  // not a slice of `utf8`, which would keep all of it alive
                cache.withLock { cache in
                    if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
                    cache[key] = word
                }
                ids.append(contentsOf: word)
            }
        }
    }

    /// The text of any token sequence. Bytes that are not valid UTF-8, and ids outside the vocabulary,
    /// become U+FFFD (GPT-2's `errors="replace"`); it never fails.
    public func decode(_ ids: some Sequence<Int32>) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            if id >= 0 && Int(id) < tokenBytes.count {
                bytes.append(contentsOf: tokenBytes[Int(id)])
            } else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of one token as `vocab.json` writes it (e.g. `Ġthe`), or nil for an id outside the vocabulary.
    public func tokenText(_ id: Int32) -> String? {
        id >= 0 && Int(id) < tokens.count ? tokens[Int(id)] : nil
    }

    /// Applies the merges to one pre-token with GPT-2's result: always the best-ranked adjacent pair next,
    /// equal pairs from left to right. A heap of (rank, position) over a linked list of symbols keeps this
    /// O(n log n), as in HF `tokenizers`, so a hostile megabyte-long pre-token cannot stall encoding.
    private func bytePairEncode(_ piece: ArraySlice<UInt8>) -> [Int32] {
        var symbols = piece.compactMap { byte in byteIDs[Int(byte)] == Self.noToken ? nil : byteIDs[Int(byte)] }
        let count = symbols.count
        guard count > 1 else { return symbols }
        var next = Array(1...count)             // `count` marks the end
        var previous = Array(-1..<(count - 1))  // -1 marks the start
        var alive = [Bool](repeating: true, count: count)
        var queue = BinaryHeap<UInt64>(by: <)   // rank << 32 | position: lowest rank, then leftmost
        func push(_ position: Int) {
            guard next[position] < count,
                  let rank = ranks[Self.pairKey(symbols[position], symbols[next[position]])] else { return }
            queue.push(UInt64(rank) << 32 | UInt64(position))
        }
        for position in 0..<(count - 1) { push(position) }
        while let top = queue.pop() {
            let merge = merges[Int(top >> 32)], position = Int(top & 0xFFFF_FFFF)
            let right = next[position]
            // Entries go stale when a neighbour merged first; the pair must still be there.
            guard alive[position], right < count,
                  symbols[position] == merge.left, symbols[right] == merge.right else { continue }
            symbols[position] = merge.result
            alive[right] = false
            next[position] = next[right]
            if next[right] < count { previous[next[right]] = position }
            if previous[position] >= 0 { push(previous[position]) }
            push(position)
        }
        return (0..<count).filter { alive[$0] }.map { symbols[$0] }
    }

    /// One dictionary key for an ordered pair of ids; key order is (left, right) lexicographic order.
    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }
}
