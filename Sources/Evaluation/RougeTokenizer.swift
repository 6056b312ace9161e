/// rouge_score's default tokenizer (`tokenize.tokenize`): lower-case, keep runs of [a-z0-9], and Porter-stem
/// the tokens longer than three characters.
public struct RougeTokenizer: Sendable {
    /// Whether tokens longer than three characters are stemmed (`use_stemmer=True`, what NIV2 uses).
    public var usesStemmer: Bool
    private let stemmer = PorterStemmer()

    /// Creates a tokenizer; NIV2 evaluates with the stemmer on.
    public init(usesStemmer: Bool = true) {
        self.usesStemmer = usesStemmer
    }

    /// The tokens of `text`. Anything outside [a-z0-9] after lower-casing separates tokens, so non-Latin
    /// text yields no tokens, exactly as in rouge_score.
    public func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            guard !current.isEmpty else { return }
            let token = String(current)
            // Stemming keeps [a-z0-9] tokens in [a-z0-9]; rouge_score drops any token that is not.
            let stemmed = usesStemmer && current.count > 3 ? stemmer.stem(token) : token
            if !stemmed.isEmpty { tokens.append(stemmed) }
            current = String.UnicodeScalarView()
        }
        for scalar in PythonText.lowercased(Array(text.unicodeScalars)) {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }
}
