import Synchronization

/// GPT-2's byte-level BPE tokenizer: text → token ids and back, exactly as GPT-2 (and HF `tokenizers`'
/// ByteLevel BPE with `add_prefix_space=False`) does it. Safe to share between tasks; encodings are cached per word.
public final class BPETokenizer: Sendable {
    /// The end-of-sequence token's text; `encode` never produces it from user text.
    public static let endOfText = "<|endoftext|>"

    /// The id of `<|endoftext|>`, the end-of-sequence token.
    public let eosID: Int32
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
    /// file's, made elsewhere); otherwise all 256 must be there, so no text is ever lost.
    init(tokens: [String], merges mergePairs: [(Int32, Int32)], endOfSequence: Int32? = nil,
         droppingMissingBytes: Bool = false) throws {
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
        self.tokens = tokens
        self.tokenBytes = tokens.map { ByteLevelAlphabet.bytes(of: $0) ?? Array($0.utf8) }
        self.eosID = eos
        self.byteIDs = byteIDs
        self.merges = merges
        self.ranks = ranks
    }

    /// The ids of plain text. Special-token text such as `<|endoftext|>` is encoded as ordinary characters.
    public func encode(_ text: String) -> [Int32] {
        let utf8 = Array(text.utf8)
        var ids: [Int32] = []
        ids.reserveCapacity(utf8.count / 3 + 1)
        for range in PreTokenizer.pieces(of: utf8) {
            let piece = utf8[range]
            if piece.count == 1 {
                let id = byteIDs[Int(piece[piece.startIndex])]
                if id != Self.noToken { ids.append(id) }
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
        return ids
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
