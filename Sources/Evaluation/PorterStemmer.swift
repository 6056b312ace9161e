/// The Porter stemmer exactly as NLTK's `PorterStemmer()` stems (its default mode, NLTK_EXTENSIONS), which is
/// the stemmer rouge_score's `use_stemmer=True` uses. Checked against NLTK's output on a word list in the tests.
public struct PorterStemmer: Sendable {
    /// A word as code point values; Python indexes and measures strings by code point.
    typealias Word = [UInt32]

    /// Creates the stemmer; it holds no state.
    public init() {}

    /// The stem of `word`, lower-cased first as NLTK does.
    public func stem(_ word: String) -> String {
        let original = Array(word.unicodeScalars)
        var w: Word = PythonText.lowercased(original).map(\.value)
        let lowered = Self.string(w)
        if let irregular = Self.irregularForms[lowered] { return irregular }
        // NLTK tests the length of the word as given, before lower-casing.
        if original.count <= 2 { return lowered }
        w = Self.step1a(w)
        w = Self.step1b(w)
        w = PorterRule.apply(Self.step1c, to: w)
        w = Self.step2(w)
        w = PorterRule.apply(Self.step3, to: w)
        w = PorterRule.apply(Self.step4, to: w)
        w = Self.step5a(w)
        w = PorterRule.apply(Self.step5b, to: w)
        return Self.string(w)
    }

    /// NLTK's table of words its extensions map directly.
    private static let irregularForms: [String: String] = [
        "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
        "cannings": "canning", "canning": "canning", "howe": "howe",
        "proceed": "proceed", "exceed": "exceed", "succeed": "succeed",
    ]

    private static func string(_ word: Word) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: word.compactMap(Unicode.Scalar.init))
        return String(s)
    }

    private static func ends(_ word: Word, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard word.count >= n else { return false }
        return suffix.withUTF8Buffer { bytes in word.suffix(n).elementsEqual(bytes.lazy.map(UInt32.init)) }
    }

    private static func appending(_ stem: some Sequence<UInt32>, _ tail: StaticString) -> Word {
        Array(stem) + tail.withUTF8Buffer { $0.map(UInt32.init) }
    }

    private static let step1aRules = [PorterRule("sses", "ss"), PorterRule("ies", "i"), PorterRule("ss", "ss"),
                                      PorterRule("s", "")]

    private static func step1a(_ w: Word) -> Word {
        if w.count == 4 && ends(w, "ies") { return appending(w.dropLast(3), "ie") }
        return PorterRule.apply(step1aRules, to: w)
    }

    private static func step1b(_ w: Word) -> Word {
        if ends(w, "ied") { return appending(w.dropLast(3), w.count == 4 ? "ie" : "i") }
        if ends(w, "eed") { return PorterMeasure.measure(w.dropLast(3)) > 0 ? Array(w.dropLast()) : w }
        let stem: ArraySlice<UInt32>
        if ends(w, "ed") && PorterMeasure.containsVowel(w.dropLast(2)) {
            stem = w.dropLast(2)
        } else if ends(w, "ing") && PorterMeasure.containsVowel(w.dropLast(3)) {
            stem = w.dropLast(3)
        } else {
            return w
        }
        let s = Array(stem)
        // at -> ate, bl -> ble, iz -> ize; a double consonant other than l, s, z loses one letter;
        // a short cvc stem (m = 1) gets its e back.
        if ends(s, "at") || ends(s, "bl") || ends(s, "iz") { return appending(s, "e") }
        if PorterMeasure.endsDoubleConsonant(stem) {
            return [0x6C, 0x73, 0x7A].contains(s[s.count - 1]) ? s : Array(s.dropLast())
        }
        return PorterMeasure.measure(stem) == 1 && PorterMeasure.endsCVC(stem) ? appending(s, "e") : s
    }

    /// NLTK: y -> i only after a consonant that is not the whole stem ('happy' -> 'happi', 'by' stays).
    private static let step1c = [PorterRule("y", "i", .consonantBeforeY)]

    private static let step2Rules: [PorterRule] = [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
        ("fulli", "ful"),
    ].map { PorterRule($0.0, $0.1, .positiveMeasure) } + [PorterRule("logi", "log", .logi)]

    private static func step2(_ w: Word) -> Word {
        if ends(w, "alli") && PorterMeasure.measure(w.dropLast(4)) > 0 { return step2(appending(w.dropLast(4), "al")) }
        return PorterRule.apply(step2Rules, to: w)
    }

    private static let step3: [PorterRule] = [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ].map { PorterRule($0.0, $0.1, .positiveMeasure) }

    private static let step4: [PorterRule] =
        ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"]
            .map { PorterRule($0, "", .measureAboveOne) } + [PorterRule("ion", "", .sOrTStem)]
        + ["ou", "ism", "ate", "iti", "ous", "ive", "ize"].map { PorterRule($0, "", .measureAboveOne) }

    private static func step5a(_ w: Word) -> Word {
        guard ends(w, "e") else { return w }
        let stem = w.dropLast()
        let m = PorterMeasure.measure(stem)
        return m > 1 || (m == 1 && !PorterMeasure.endsCVC(stem)) ? Array(stem) : w
    }

    private static let step5b = [PorterRule("ll", "l", .doubleL)]
}
