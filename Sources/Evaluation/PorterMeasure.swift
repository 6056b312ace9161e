/// The consonant/vowel predicates of the Porter algorithm (m, *v*, *d, *o), as NLTK defines them, on code
/// point values; they walk the word without allocating, since stemming runs once per scored token.
enum PorterMeasure {
    private static let a: UInt32 = 0x61, e: UInt32 = 0x65, i: UInt32 = 0x69, o: UInt32 = 0x6F, u: UInt32 = 0x75
    private static let w: UInt32 = 0x77, x: UInt32 = 0x78, y: UInt32 = 0x79

    /// Calls `body` with each position's consonant flag: a letter other than a, e, i, o, u, and other than
    /// a y that follows a consonant. Stops early when `body` returns false.
    @inline(__always)
    private static func forEachFlag(_ word: ArraySlice<UInt32>, _ body: (Int, Bool) -> Bool) {
        var previous = false
        for (k, ch) in word.enumerated() {
            let consonant: Bool
            switch ch {
            case a, e, i, o, u: consonant = false
            case y: consonant = k == 0 ? true : !previous
            default: consonant = true
            }
            if !body(k, consonant) { return }
            previous = consonant
        }
    }

    /// Whether the code point at `index` is a consonant.
    static func isConsonant(_ word: ArraySlice<UInt32>, at index: Int) -> Bool {
        var result = false
        forEachFlag(word) { k, consonant in
            if k == index { result = consonant; return false }
            return true
        }
        return result
    }

    /// m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.
    static func measure(_ word: ArraySlice<UInt32>) -> Int {
        var m = 0, previous = true
        forEachFlag(word) { k, consonant in
            if k > 0 && !previous && consonant { m += 1 }
            previous = consonant
            return true
        }
        return m
    }

    /// *v*: the stem contains a vowel.
    static func containsVowel(_ word: ArraySlice<UInt32>) -> Bool {
        var found = false
        forEachFlag(word) { _, consonant in
            found = !consonant
            return !found
        }
        return found
    }

    /// *d: the word ends with a double consonant.
    static func endsDoubleConsonant(_ word: ArraySlice<UInt32>) -> Bool {
        let n = word.count, s = word.startIndex
        return n >= 2 && word[s + n - 1] == word[s + n - 2] && isConsonant(word, at: n - 1)
    }

    /// *o: the word ends consonant-vowel-consonant with the last not w, x or y; NLTK also counts a
    /// two-letter vowel-consonant word.
    static func endsCVC(_ word: ArraySlice<UInt32>) -> Bool {
        let n = word.count, s = word.startIndex
        if n >= 3 && isConsonant(word, at: n - 3) && !isConsonant(word, at: n - 2) && isConsonant(word, at: n - 1)
            && ![w, x, y].contains(word[s + n - 1]) {
            return true
        }
        return n == 2 && !isConsonant(word, at: 0) && isConsonant(word, at: 1)
    }
}
