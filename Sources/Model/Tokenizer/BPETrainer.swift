/// Learns a byte-level BPE vocabulary the way HF `tokenizers`' ByteLevelBPETokenizer trainer does.
///
/// The vocabulary is the 256 byte tokens (in GPT-2's byte order), then `<|endoftext|>`, then one token per
/// merge. Merges are learned from pre-token counts (GPT-2's pre-tokenisation): the most frequent adjacent
/// pair first; among pairs of equal count the one whose (left id, right id) is lexicographically smallest.
/// Counting does not depend on the order texts are added, so the same texts always give the same files.
public struct BPETrainer: Sendable {
    /// A candidate merge: a pair key (`BPETokenizer.pairKey`) and the count it had when queued.
    private struct PairCount {
        var count: Int
        var pair: UInt64

        /// Most frequent first; ties to the smaller key, i.e. the lexicographically smallest (left id, right id),
        /// the same rule as HF `tokenizers`.
        static func precedes(_ lhs: PairCount, _ rhs: PairCount) -> Bool {
            lhs.count != rhs.count ? lhs.count > rhs.count : lhs.pair < rhs.pair
        }
    }

    /// How often each pre-token (as bytes) occurs in the texts added so far.
    private var wordCounts: [[UInt8]: Int] = [:]

    /// An empty trainer.
    public init() {}

    /// The number of distinct pre-tokens seen so far.
    public var distinctWordCount: Int { wordCounts.count }

    /// Counts the pre-tokens of one text.
    public mutating func add(_ text: String) {
        let utf8 = Array(text.utf8)
        for range in PreTokenizer.pieces(of: utf8) { wordCounts[Array(utf8[range]), default: 0] += 1 }
    }

    /// Learns merges until the vocabulary has `vocabularySize` tokens (or no pair occurs any more).
    public func train(vocabularySize: Int) throws -> BPETokenizer {
        guard vocabularySize >= 257 else {
            throw TokenizerError(.invalidArgument, "a vocabulary size of \(vocabularySize) is too small: the 256 "
                + "bytes and \(BPETokenizer.endOfText) need 257. HINT: pass --vocab-size 257 or more")
        }
        var tokens: [[UInt8]] = ByteLevelAlphabet.byteOrder.map { [$0] }
        var byteID = [Int32](repeating: 0, count: 256)
        for (id, byte) in ByteLevelAlphabet.byteOrder.enumerated() { byteID[Int(byte)] = Int32(id) }
        var idForBytes: [[UInt8]: Int32] = [:]
        for (id, bytes) in tokens.enumerated() { idForBytes[bytes] = Int32(id) }
        tokens.append(Array(BPETokenizer.endOfText.utf8))  // never merged, so not in idForBytes

        var words: [[Int32]] = []
        var counts: [Int] = []
        for (bytes, count) in wordCounts {
            words.append(bytes.map { byteID[Int($0)] })
            counts.append(count)
        }
        var pairCounts: [UInt64: Int] = [:]
        var positions: [UInt64: [Int32]] = [:]  // words that may hold the pair
        for (index, word) in words.enumerated() where word.count > 1 {
            for offset in 0..<(word.count - 1) {
                let pair = BPETokenizer.pairKey(word[offset], word[offset + 1])
                pairCounts[pair, default: 0] += counts[index]
                if positions[pair]?.last != Int32(index) { positions[pair, default: []].append(Int32(index)) }
            }
        }
        var queue = BinaryHeap<PairCount>(by: PairCount.precedes)
        for (pair, count) in pairCounts { queue.push(PairCount(count: count, pair: pair)) }

        var merges: [(Int32, Int32)] = []
        while tokens.count < vocabularySize, let top = queue.pop() {
            // Counts only fall after an entry is queued; a stale entry goes back with its current count.
            let current = pairCounts[top.pair] ?? 0
            guard current == top.count else {
                if current > 0 { queue.push(PairCount(count: current, pair: top.pair)) }
                continue
            }
            let left = Int32(truncatingIfNeeded: top.pair >> 32), right = Int32(truncatingIfNeeded: top.pair)
            let bytes = tokens[Int(left)] + tokens[Int(right)]
            let id: Int32
            if let existing = idForBytes[bytes] {
                id = existing  // a different merge made the same text before: reuse its id, as HF does
            } else {
                id = Int32(tokens.count)
                tokens.append(bytes)
                idForBytes[bytes] = id
            }
            merges.append((left, right))
            var created: Set<UInt64> = []
            for index in positions.removeValue(forKey: top.pair) ?? [] {
                let count = counts[Int(index)]
                Self.merge(&words[Int(index)], left, right, into: id) { pair, change in
                    pairCounts[pair, default: 0] += change * count
                    guard change > 0 else { return }
                    created.insert(pair)
                    if positions[pair]?.last != index { positions[pair, default: []].append(index) }
                }
            }
            pairCounts[top.pair] = nil
            for pair in created {
                if let count = pairCounts[pair], count > 0 { queue.push(PairCount(count: count, pair: pair)) }
            }
        }
        var texts = tokens.map { ByteLevelAlphabet.text(of: $0) }
        texts[256] = BPETokenizer.endOfText
        return try BPETokenizer(tokens: texts, merges: merges)
    }

    /// Replaces every `left right` in a word by `id`, left to right, reporting each pair count change
    /// (old neighbour pairs −1, new ones +1) in the order HF's `Word::merge` does.
    static func merge(_ symbols: inout [Int32], _ left: Int32, _ right: Int32, into id: Int32,
                      change: (UInt64, Int) -> Void) {
        var index = 0
        while index + 1 < symbols.count {
            if symbols[index] == left && symbols[index + 1] == right {
                if index > 0 {
                    change(BPETokenizer.pairKey(symbols[index - 1], left), -1)
                    change(BPETokenizer.pairKey(symbols[index - 1], id), 1)
                }
                symbols[index] = id
                symbols.remove(at: index + 1)
                if index + 1 < symbols.count {
                    change(BPETokenizer.pairKey(right, symbols[index + 1]), -1)
                    change(BPETokenizer.pairKey(id, symbols[index + 1]), 1)
                }
            }
            index += 1
        }
    }
}
