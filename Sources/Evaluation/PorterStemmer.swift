/// The Porter stemmer exactly as NLTK's `PorterStemmer()` stems (its default mode, NLTK_EXTENSIONS), which is
/// the stemmer rouge_score's `use_stemmer=True` uses. Checked against NLTK's output on a word list in the tests.
public struct PorterStemmer: Sendable {
    /// A word as code points; Python indexes and measures strings by code point.
    typealias Word = [Unicode.Scalar]

    /// Creates the stemmer; it holds no state.
    public init() {}

    /// The stem of `word`, lower-cased first as NLTK does.
    public func stem(_ word: String) -> String {
        let original = Array(word.unicodeScalars)
        var w = PythonText.lowercased(original)
        let lowered = Self.string(w)
        if let irregular = Self.irregularForms[lowered] { return irregular }
        // NLTK tests the length of the word as given, before lower-casing.
        if original.count <= 2 { return lowered }
        w = Self.step1a(w)
        w = Self.step1b(w)
        w = Self.step1c(w)
        w = Self.step2(w)
        w = Self.step3(w)
        w = Self.step4(w)
        w = Self.step5a(w)
        w = Self.step5b(w)
        return Self.string(w)
    }

    /// NLTK's table of words its extensions map directly.
    private static let irregularForms: [String: String] = [
        "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
        "cannings": "canning", "canning": "canning", "howe": "howe",
        "proceed": "proceed", "exceed": "exceed", "succeed": "succeed",
    ]

    static func string(_ word: Word) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: word)
        return String(s)
    }

    static func word(_ text: String) -> Word { Array(text.unicodeScalars) }

    private static func endsWith(_ word: Word, _ suffix: String) -> Bool {
        let s = self.word(suffix)
        return word.count >= s.count && word.suffix(s.count).elementsEqual(s)
    }

    private static func replacingSuffix(_ word: Word, _ suffix: String, with replacement: String) -> Word {
        Array(word.dropLast(self.word(suffix).count)) + self.word(replacement)
    }

    private static func step1a(_ w: Word) -> Word {
        if endsWith(w, "ies") && w.count == 4 { return replacingSuffix(w, "ies", with: "ie") }
        return PorterRule.apply([
            PorterRule("sses", "ss"), PorterRule("ies", "i"), PorterRule("ss", "ss"), PorterRule("s", ""),
        ], to: w)
    }

    private static func step1b(_ w: Word) -> Word {
        if endsWith(w, "ied") {
            return replacingSuffix(w, "ied", with: w.count == 4 ? "ie" : "i")
        }
        if endsWith(w, "eed") {
            let stem = replacingSuffix(w, "eed", with: "")
            return PorterMeasure.measure(stem) > 0 ? stem + word("ee") : w
        }
        var intermediate: Word?
        for suffix in ["ed", "ing"] where endsWith(w, suffix) {
            let stem = replacingSuffix(w, suffix, with: "")
            if PorterMeasure.containsVowel(stem) { intermediate = stem; break }
        }
        guard let stem = intermediate, let last = stem.last else { return w }
        return PorterRule.apply([
            PorterRule("at", "ate"), PorterRule("bl", "ble"), PorterRule("iz", "ize"),
            PorterRule(doubleConsonantKeeping: String(last)) { _ in !["l", "s", "z"].contains(last) },
            PorterRule("", "e") { PorterMeasure.measure($0) == 1 && PorterMeasure.endsCVC($0) },
        ], to: stem)
    }

    private static func step1c(_ w: Word) -> Word {
        // NLTK: y -> i only after a consonant that is not the whole stem ('happy' -> 'happi', 'by' stays).
        PorterRule.apply([
            PorterRule("y", "i") { $0.count > 1 && PorterMeasure.isConsonant($0, at: $0.count - 1) },
        ], to: w)
    }

    private static func step2(_ w: Word) -> Word {
        if endsWith(w, "alli") && PorterMeasure.measure(replacingSuffix(w, "alli", with: "")) > 0 {
            return step2(replacingSuffix(w, "alli", with: "al"))
        }
        let positive: @Sendable (Word) -> Bool = { PorterMeasure.measure($0) > 0 }
        let pairs: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
            ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
            ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
            ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
            ("fulli", "ful"),
        ]
        // NLTK tests the measure of the word minus "ogi", i.e. the stem plus its "l".
        let logi = PorterRule("logi", "log") { _ in PorterMeasure.measure(Array(w.dropLast(3))) > 0 }
        return PorterRule.apply(pairs.map { PorterRule($0.0, $0.1, positive) } + [logi], to: w)
    }

    private static func step3(_ w: Word) -> Word {
        let positive: @Sendable (Word) -> Bool = { PorterMeasure.measure($0) > 0 }
        let pairs: [(String, String)] = [
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ]
        return PorterRule.apply(pairs.map { PorterRule($0.0, $0.1, positive) }, to: w)
    }

    private static func step4(_ w: Word) -> Word {
        let aboveOne: @Sendable (Word) -> Bool = { PorterMeasure.measure($0) > 1 }
        let ion = PorterRule("ion", "") { stem in
            PorterMeasure.measure(stem) > 1 && (stem.last == "s" || stem.last == "t")
        }
        let before = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"]
        let after = ["ou", "ism", "ate", "iti", "ous", "ive", "ize"]
        return PorterRule.apply(
            before.map { PorterRule($0, "", aboveOne) } + [ion] + after.map { PorterRule($0, "", aboveOne) }, to: w)
    }

    private static func step5a(_ w: Word) -> Word {
        guard endsWith(w, "e") else { return w }
        let stem = Array(w.dropLast())
        let m = PorterMeasure.measure(stem)
        if m > 1 || (m == 1 && !PorterMeasure.endsCVC(stem)) { return stem }
        return w
    }

    private static func step5b(_ w: Word) -> Word {
        PorterRule.apply([PorterRule("ll", "l") { _ in PorterMeasure.measure(Array(w.dropLast())) > 1 }], to: w)
    }
}
