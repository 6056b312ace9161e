extension PreTokenizer {
    /// Where the match of Llama 3's split pattern (`maxDigits` 3) or Qwen2's (`maxDigits` 1) starting at scalar
    /// `start` ends, the text ending at `limit`:
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    ///
    /// Alternatives are tried in order and the first that matches wins (Oniguruma is backtracking, not
    /// leftmost-longest). Every scalar starts some alternative, so `Split(Isolated)` leaves no gaps.
    static func llamaMatchEnd(at start: Int, limit: Int, maxDigits: Int, _ scalars: Scalars) -> Int {
        let values = scalars.values, kinds = scalars.kinds
        func isNewline(_ index: Int) -> Bool { values[index] == 0x0A || values[index] == 0x0D }

        // `(?i:'s|'t|'re|'ve|'m|'ll|'d)`: Oniguruma folds case by Unicode's simple case folding, so besides
        // ASCII upper case, U+017F (long s, folds to "s") matches `s`.
        if values[start] == apostrophe && start + 1 < limit {
            let first = folded(values[start + 1]), second = start + 2 < limit ? folded(values[start + 2]) : 0
            switch (first, second) {
            case (0x72, 0x65), (0x76, 0x65), (0x6C, 0x6C): return start + 3  // 're 've 'll
            case (0x73, _), (0x74, _), (0x6D, _), (0x64, _): return start + 2  // 's 't 'm 'd
            default: break
            }
        }
        // `[^\r\n\p{L}\p{N}]?\p{L}+`: one scalar that is neither a line break, letter nor number may lead a letter
        // run (a space, a tab, a quote, a combining mark).
        if kinds[start] == .letter { return scalars.run(of: .letter, from: start, limit: limit) }
        if kinds[start] != .number && !isNewline(start) && start + 1 < limit && kinds[start + 1] == .letter {
            return scalars.run(of: .letter, from: start + 1, limit: limit)
        }
        // `\p{N}{1,3}` (Llama 3) or `\p{N}` (Qwen2).
        if kinds[start] == .number {
            return min(scalars.run(of: .number, from: start, limit: limit), start + maxDigits)
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`: symbols, with the line breaks right after them.
        let symbols = values[start] == space && start + 1 < limit && kinds[start + 1] == .other ? start + 1 : start
        if kinds[symbols] == .other {
            var end = scalars.run(of: .other, from: symbols, limit: limit)
            while end < limit && isNewline(end) { end += 1 }
            return end
        }
        // Only white space is left (every scalar is a letter, number, space or other).
        let end = scalars.run(of: .space, from: start, limit: limit)
        // `\s*[\r\n]+`: greedy `\s*` gives back scalars until a line break follows, so the match ends just after
        // the run's last line break.
        var lastBreak = end - 1
        while lastBreak >= start && !isNewline(lastBreak) { lastBreak -= 1 }
        if lastBreak >= start { return lastBreak + 1 }
        // `\s+(?!\S)` then `\s+`, as in GPT-2's pattern.
        if end == limit || end - start == 1 { return end }
        return end - 1
    }

    /// A scalar under the case folding the contraction alternatives need (the result is compared with ASCII
    /// lower-case letters only).
    private static func folded(_ value: UInt32) -> UInt32 {
        if (0x41...0x5A).contains(value) { return value + 0x20 }
        if value == 0x17F { return 0x73 }  // ſ LATIN SMALL LETTER LONG S → s
        return value
    }
}
