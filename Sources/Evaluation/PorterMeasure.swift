/// The consonant/vowel predicates of the Porter algorithm (m, *v*, *d, *o), as NLTK defines them.
enum PorterMeasure {
    /// One flag per code point, `true` for a consonant: a letter other than a, e, i, o, u, and other than a
    /// y that follows a consonant.
    static func consonantFlags(_ word: PorterStemmer.Word) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(word.count)
        for (i, ch) in word.enumerated() {
            switch ch {
            case "a", "e", "i", "o", "u": flags.append(false)
            case "y": flags.append(i == 0 ? true : !flags[i - 1])
            default: flags.append(true)
            }
        }
        return flags
    }

    /// Whether the code point at `index` is a consonant.
    static func isConsonant(_ word: PorterStemmer.Word, at index: Int) -> Bool {
        consonantFlags(Array(word[...index]))[index]
    }

    /// m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.
    static func measure(_ word: PorterStemmer.Word) -> Int {
        let flags = consonantFlags(word)
        var m = 0
        for i in flags.indices.dropFirst() where !flags[i - 1] && flags[i] { m += 1 }
        return m
    }

    /// *v*: the stem contains a vowel.
    static func containsVowel(_ word: PorterStemmer.Word) -> Bool {
        consonantFlags(word).contains(false)
    }

    /// *d: the word ends with a double consonant.
    static func endsDoubleConsonant(_ word: PorterStemmer.Word) -> Bool {
        word.count >= 2 && word[word.count - 1] == word[word.count - 2] && isConsonant(word, at: word.count - 1)
    }

    /// *o: the word ends consonant-vowel-consonant with the last not w, x or y; NLTK also counts a
    /// two-letter vowel-consonant word.
    static func endsCVC(_ word: PorterStemmer.Word) -> Bool {
        let n = word.count
        if n >= 3 {
            let flags = consonantFlags(word)
            if flags[n - 3] && !flags[n - 2] && flags[n - 1] && !["w", "x", "y"].contains(word[n - 1]) { return true }
        }
        if n == 2 {
            let flags = consonantFlags(word)
            return !flags[0] && flags[1]
        }
        return false
    }
}
