/// One suffix rule of the Porter stemmer: a suffix, its replacement and the condition on the remaining stem.
struct PorterRule: Sendable {
    /// The suffix to remove; `nil` stands for NLTK's "*d" (any double consonant).
    let suffix: PorterStemmer.Word?
    let replacement: PorterStemmer.Word
    let condition: (@Sendable (PorterStemmer.Word) -> Bool)?

    /// A rule replacing `suffix` by `replacement` when `condition` (if any) holds for the stem.
    init(_ suffix: String, _ replacement: String, _ condition: (@Sendable (PorterStemmer.Word) -> Bool)? = nil) {
        self.suffix = PorterStemmer.word(suffix)
        self.replacement = PorterStemmer.word(replacement)
        self.condition = condition
    }

    /// NLTK's "*d" rule: a double consonant ending is cut to `replacement` (one of the pair).
    init(doubleConsonantKeeping replacement: String, _ condition: @escaping @Sendable (PorterStemmer.Word) -> Bool) {
        self.suffix = nil
        self.replacement = PorterStemmer.word(replacement)
        self.condition = condition
    }

    /// Applies the first rule whose suffix matches; when its condition fails the word is returned unchanged
    /// and no later rule is tried (NLTK's `_apply_rule_list`).
    static func apply(_ rules: [PorterRule], to word: PorterStemmer.Word) -> PorterStemmer.Word {
        for rule in rules {
            let length: Int
            if let suffix = rule.suffix {
                guard word.count >= suffix.count, word.suffix(suffix.count).elementsEqual(suffix) else { continue }
                length = suffix.count
            } else {
                guard PorterMeasure.endsDoubleConsonant(word) else { continue }
                length = 2
            }
            let stem = Array(word.dropLast(length))
            if rule.condition?(stem) ?? true { return stem + rule.replacement }
            return word
        }
        return word
    }
}
