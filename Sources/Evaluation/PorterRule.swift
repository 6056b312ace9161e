/// One suffix rule of the Porter stemmer: a suffix, its replacement and the condition for applying it.
struct PorterRule: Sendable {
    /// When a rule whose suffix matched may fire.
    enum Condition: Sendable {
        /// Always.
        case always
        /// m(stem) > 0.
        case positiveMeasure
        /// m(stem) > 1.
        case measureAboveOne
        /// The stem is longer than one letter and ends in a consonant (NLTK's step 1c).
        case consonantBeforeY
        /// m(stem) > 1 and the stem ends in s or t (step 4's -ion).
        case sOrTStem
        /// m(word minus "ogi") > 0: NLTK's -logi rule tests the stem with its "l".
        case logi
        /// m(word minus one "l") > 1 (step 5b).
        case doubleL

        func holds(stem: ArraySlice<UInt32>, word: [UInt32]) -> Bool {
            switch self {
            case .always: true
            case .positiveMeasure: PorterMeasure.measure(stem) > 0
            case .measureAboveOne: PorterMeasure.measure(stem) > 1
            case .consonantBeforeY: stem.count > 1 && PorterMeasure.isConsonant(stem, at: stem.count - 1)
            case .sOrTStem: PorterMeasure.measure(stem) > 1 && (stem.last == 0x73 || stem.last == 0x74)
            case .logi: PorterMeasure.measure(word.dropLast(3)) > 0
            case .doubleL: PorterMeasure.measure(word.dropLast()) > 1
            }
        }
    }

    let suffix: [UInt32]
    let replacement: [UInt32]
    let condition: Condition

    /// A rule replacing `suffix` by `replacement` when `condition` holds.
    init(_ suffix: String, _ replacement: String, _ condition: Condition = .always) {
        self.suffix = suffix.unicodeScalars.map(\.value)
        self.replacement = replacement.unicodeScalars.map(\.value)
        self.condition = condition
    }

    /// Applies the first rule whose suffix matches; when its condition fails the word is returned unchanged
    /// and no later rule is tried (NLTK's `_apply_rule_list`).
    static func apply(_ rules: [PorterRule], to word: [UInt32]) -> [UInt32] {
        for rule in rules where word.count >= rule.suffix.count && word.suffix(rule.suffix.count).elementsEqual(rule.suffix) {
            let stem = word.dropLast(rule.suffix.count)
            return rule.condition.holds(stem: stem, word: word) ? Array(stem) + rule.replacement : word
        }
        return word
    }
}
