/// GPT-2's pre-tokenisation, hand-written over Unicode scalars with the exact semantics of
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// as GPT-2's `regex` module and HF `tokenizers` run it.
///
/// `\s` is the Unicode White_Space property. That is what GPT-2's `regex` module and HF's Oniguruma use;
/// Python's `re` module would also count U+001C...U+001F, which GPT-2 does not.
enum PreTokenizer {
    /// What the pattern distinguishes about one scalar.
    private enum Kind: UInt8 { case letter, number, space, other }

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

    /// The kinds of ` ?\p{L}+`, ` ?\p{N}+` and ` ?[^\s\p{L}\p{N}]+`, in the pattern's order.
    private static let runKinds: [Kind] = [.letter, .number, .other]

    private static func code(_ scalar: Unicode.Scalar) -> UInt32 { scalar.value }

    /// Splits valid UTF-8 into the byte ranges of its pre-tokens, in order; together they cover every byte.
    static func pieces(of utf8: [UInt8]) -> [Range<Int>] {
        // Scalar i occupies bytes starts[i]..<starts[i + 1].
        var starts: [Int] = []
        var kinds: [Kind] = []
        var scalars: [UInt32] = []
        starts.reserveCapacity(utf8.count + 1)
        kinds.reserveCapacity(utf8.count)
        scalars.reserveCapacity(utf8.count)
        var offset = 0
        while offset < utf8.count {
            let lead = utf8[offset]
            starts.append(offset)
            if lead < 0x80 {
                scalars.append(UInt32(lead))
                kinds.append(asciiKinds[Int(lead)])
                offset += 1
                continue
            }
            let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for index in (offset + 1)..<(offset + length) { value = value << 6 | UInt32(utf8[index] & 0x3F) }
            scalars.append(value)
            kinds.append(kind(ofNonASCII: Unicode.Scalar(value) ?? "\u{FFFD}"))
            offset += length
        }
        starts.append(utf8.count)

        var result: [Range<Int>] = []
        var index = 0
        while index < kinds.count {
            let end = matchEnd(at: index, kinds: kinds, scalars: scalars)
            result.append(starts[index]..<starts[end])
            index = end
        }
        return result
    }

    /// The scalar index where the pattern's match starting at `start` ends; the alternatives are tried in
    /// the pattern's order, so the first that matches wins.
    private static func matchEnd(at start: Int, kinds: [Kind], scalars: [UInt32]) -> Int {
        let count = kinds.count
        func scalar(_ index: Int) -> UInt32 { index < count ? scalars[index] : 0 }
        func run(of kind: Kind, from index: Int) -> Int {
            var end = index
            while end < count && kinds[end] == kind { end += 1 }
            return end
        }
        if scalars[start] == code("'") {
            switch (scalar(start + 1), scalar(start + 2)) {
            case (code("r"), code("e")), (code("v"), code("e")), (code("l"), code("l")): return start + 3
            case (code("s"), _), (code("t"), _), (code("m"), _), (code("d"), _): return start + 2
            default: break
            }
        }
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the optional space is taken when a run follows it.
        for kind in runKinds {
            if scalars[start] == code(" ") && start + 1 < count && kinds[start + 1] == kind {
                return run(of: kind, from: start + 1)
            }
            if kinds[start] == kind { return run(of: kind, from: start) }
        }
        // `\s+(?!\S)` backtracks to leave the last space of a run to the word after it; a lone space
        // before a word falls through to `\s+`.
        let end = run(of: .space, from: start)
        if end == count || end - start == 1 { return end }
        return end - 1
    }
}
