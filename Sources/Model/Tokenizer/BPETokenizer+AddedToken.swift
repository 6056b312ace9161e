extension BPETokenizer {
    /// A token HF `tokenizers` matches in the text before pre-tokenization (`added_tokens` of `tokenizer.json`;
    /// a GGUF file's control and user-defined tokens), such as `<|im_start|>`.
    ///
    /// Only whole-text matching is supported (HF's `lstrip`, `rstrip` and `single_word` false, the setting of every
    /// Llama-family file); loading a file that asks for more is refused.
    public struct AddedToken: Sendable, Codable, Hashable {
        /// The token's id in the vocabulary.
        public var id: Int32
        /// The text it stands for, matched in UTF-8 as written.
        public var text: String
        /// Whether HF counts it as special (control): `decode(skip_special_tokens=True)` drops those.
        public var special: Bool
        /// Whether it is matched in the normalized text (after NFC) rather than the original.
        public var normalized: Bool

        /// An added token; `normalized` only matters for a tokenizer with a normalizer.
        public init(id: Int32, text: String, special: Bool, normalized: Bool = false) {
            self.id = id
            self.text = text
            self.special = special
            self.normalized = normalized
        }
    }
}

/// Finds added tokens in text the way HF's `AddedVocabulary` does: an Aho-Corasick search with leftmost-longest
/// semantics, i.e. the earliest match, and of those starting there the longest.
struct AddedTokenMatcher: Sendable {
    /// Candidate tokens by their first byte, longest first, as (bytes, id).
    private let byFirstByte: [[([UInt8], Int32)]]
    /// Whether there is nothing to match.
    let isEmpty: Bool

    /// A piece of text after matching: either a stretch of ordinary text or one added token.
    enum Segment: Equatable {
        case text(Range<Int>)
        case token(Int32)
    }

    init(_ tokens: [BPETokenizer.AddedToken]) {
        var table = [[([UInt8], Int32)]](repeating: [], count: 256)
        for token in tokens where !token.text.isEmpty {
            let bytes = Array(token.text.utf8)
            table[Int(bytes[0])].append((bytes, token.id))
        }
        // Longest first, so the first hit at a position is the leftmost-longest match; equal texts cannot occur
        // (the vocabulary has each text once), and ties in length are different texts, so order among them is moot.
        byFirstByte = table.map { $0.sorted { $0.0.count > $1.0.count } }
        isEmpty = tokens.allSatisfy { $0.text.isEmpty }
    }

    /// Splits `range` of `utf8` into text stretches and added tokens, in order. Matches of valid UTF-8 in valid
    /// UTF-8 always fall on scalar boundaries.
    func segments(of utf8: [UInt8], in range: Range<Int>) -> [Segment] {
        guard !isEmpty else { return range.isEmpty ? [] : [.text(range)] }
        var result: [Segment] = []
        var textStart = range.lowerBound
        var position = range.lowerBound
        search: while position < range.upperBound {
            for (bytes, id) in byFirstByte[Int(utf8[position])]
            where position + bytes.count <= range.upperBound
                && utf8[position..<(position + bytes.count)].elementsEqual(bytes) {
                if textStart < position { result.append(.text(textStart..<position)) }
                result.append(.token(id))
                position += bytes.count
                textStart = position
                continue search
            }
            position += 1
        }
        if textStart < range.upperBound { result.append(.text(textStart..<range.upperBound)) }
        return result
    }
}
