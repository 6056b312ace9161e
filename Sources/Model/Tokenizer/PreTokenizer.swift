/// Pre-tokenisation, hand-written over Unicode scalars with the exact semantics of the regexes HF `tokenizers`
/// runs (Oniguruma): GPT-2's here, Llama 3's and Qwen2's in `PreTokenizer+Llama3.swift`.
///
/// `\s` is the Unicode White_Space property. That is what GPT-2's `regex` module and HF's Oniguruma use;
/// Python's `re` module would also count U+001C...U+001F, which GPT-2 does not.
enum PreTokenizer {
    /// What the patterns distinguish about one scalar.
    enum Kind: UInt8 { case letter, number, space, other }

    /// Kinds of the ASCII scalars, so the common case needs no Unicode property lookup.
    private static let asciiKinds: [Kind] = (0..<128).map { kind(ofNonASCII: Unicode.Scalar(UInt8($0))) }

    private static func kind(ofNonASCII scalar: Unicode.Scalar) -> Kind {
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// Valid UTF-8 decoded once: scalar i occupies bytes `starts[i]..<starts[i + 1]`.
    struct Scalars {
        var starts: [Int] = []
        var kinds: [Kind] = []
        var values: [UInt32] = []
        /// The number of scalars.
        var count: Int { kinds.count }

        init(_ utf8: [UInt8]) {
            starts.reserveCapacity(utf8.count + 1)
            kinds.reserveCapacity(utf8.count)
            values.reserveCapacity(utf8.count)
            var offset = 0
            while offset < utf8.count {
                let lead = utf8[offset]
                starts.append(offset)
                if lead < 0x80 {
                    values.append(UInt32(lead))
                    kinds.append(asciiKinds[Int(lead)])
                    offset += 1
                    continue
                }
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for index in (offset + 1)..<min(offset + length, utf8.count) {
                    value = value << 6 | UInt32(utf8[index] & 0x3F)
                }
                values.append(value)
                kinds.append(kind(ofNonASCII: Unicode.Scalar(value) ?? "\u{FFFD}"))
                offset += length
            }
            starts.append(utf8.count)
        }

        /// The end of the run of `kind` scalars from `index`, not past `limit`.
        func run(of kind: Kind, from index: Int, limit: Int) -> Int {
            var end = index
            while end < limit && kinds[end] == kind { end += 1 }
            return end
        }
    }

    /// Splits valid UTF-8 into the byte ranges of its pre-tokens, in order; together they cover every byte.
    static func pieces(of utf8: [UInt8], _ kind: BPETokenizer.PreTokenization = .gpt2) -> [Range<Int>] {
        let scalars = Scalars(utf8)
        var result: [Range<Int>] = []
        var index = 0
        func emit(upTo end: Int) {
            result.append(scalars.starts[index]..<scalars.starts[end])
            index = end
        }
        let count = scalars.count
        switch kind {
        case .gpt2:
            while index < count { emit(upTo: gpt2MatchEnd(at: index, limit: count, scalars)) }
        case .smollm:
            // `Digits(individual_digits=true)` (Rust's `char::is_numeric`: Nd, Nl, No) isolates each number scalar;
            // ByteLevel's regex then runs on each stretch between them as if it were the whole text.
            while index < count {
                if scalars.kinds[index] == .number {
                    emit(upTo: index + 1)
                    continue
                }
                var limit = index
                while limit < count && scalars.kinds[limit] != .number { limit += 1 }
                while index < limit { emit(upTo: gpt2MatchEnd(at: index, limit: limit, scalars)) }
            }
        case .llama3:
            while index < count { emit(upTo: llamaMatchEnd(at: index, limit: count, maxDigits: 3, scalars)) }
        case .qwen2:
            while index < count { emit(upTo: llamaMatchEnd(at: index, limit: count, maxDigits: 1, scalars)) }
        }
        return result
    }

    /// The kinds of ` ?\p{L}+`, ` ?\p{N}+` and ` ?[^\s\p{L}\p{N}]+`, in GPT-2's pattern's order.
    private static let runKinds: [Kind] = [.letter, .number, .other]

    static let apostrophe = UInt32(UInt8(ascii: "'")), space = UInt32(UInt8(ascii: " "))

    /// Where GPT-2's match starting at scalar `start` ends, the text ending at `limit`; the alternatives are
    /// tried in the pattern's order, so the first that matches wins.
    private static func gpt2MatchEnd(at start: Int, limit: Int, _ scalars: Scalars) -> Int {
        let values = scalars.values, kinds = scalars.kinds
        func scalar(_ index: Int) -> UInt32 { index < limit ? values[index] : 0 }
        if values[start] == apostrophe {
            switch (scalar(start + 1), scalar(start + 2)) {
            case (0x72, 0x65), (0x76, 0x65), (0x6C, 0x6C): return start + 3  // 're 've 'll
            case (0x73, _), (0x74, _), (0x6D, _), (0x64, _): return start + 2  // 's 't 'm 'd
            default: break
            }
        }
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the optional space is taken when a run follows it.
        for kind in runKinds {
            if values[start] == space && start + 1 < limit && kinds[start + 1] == kind {
                return scalars.run(of: kind, from: start + 1, limit: limit)
            }
            if kinds[start] == kind { return scalars.run(of: kind, from: start, limit: limit) }
        }
        // `\s+(?!\S)` backtracks to leave the last space of a run to the word after it; a lone space
        // before a word falls through to `\s+`.
        let end = scalars.run(of: .space, from: start, limit: limit)
        if end == limit || end - start == 1 { return end }
        return end - 1
    }
}
