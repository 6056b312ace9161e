/// ROUGE-L as rouge_score's `RougeScorer(['rougeL'], use_stemmer=True)` computes it: the longest common
/// subsequence of the token lists gives precision and recall, combined into their harmonic mean.
public struct RougeL: Sendable {
    /// Precision, recall and F-measure of one prediction against one reference, each in 0...1.
    public struct Score: Sendable, Equatable {
        /// LCS length over the prediction's token count.
        public var precision: Double
        /// LCS length over the reference's token count.
        public var recall: Double
        /// The harmonic mean of precision and recall (0 when both are 0).
        public var fmeasure: Double
    }

    /// The tokenizer applied to both texts.
    public var tokenizer: RougeTokenizer

    /// Creates a scorer; the default tokenizer stems, as NIV2's English track does.
    public init(tokenizer: RougeTokenizer = RougeTokenizer()) {
        self.tokenizer = tokenizer
    }

    /// The score of `prediction` against one `reference`; all zero when either has no tokens.
    public func score(prediction: String, reference: String) -> Score {
        let target = tokenizer.tokenize(reference)
        let predicted = tokenizer.tokenize(prediction)
        guard !target.isEmpty, !predicted.isEmpty else { return Score(precision: 0, recall: 0, fmeasure: 0) }
        let lcs = Double(Self.lcsLength(target, predicted))
        let precision = lcs / Double(predicted.count)
        let recall = lcs / Double(target.count)
        let f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return Score(precision: precision, recall: recall, fmeasure: f)
    }

    /// The best F-measure of `prediction` over `references` (NIV2's `metric_max_over_ground_truths`), in 0...1.
    public func fmeasure(prediction: String, references: [String]) throws(EvaluationError) -> Double {
        guard !references.isEmpty else {
            throw EvaluationError(.noReferences, "cannot score a prediction against an empty list of references. "
                + "HINT: every instance needs at least one reference output")
        }
        return references.map { score(prediction: prediction, reference: $0).fmeasure }.max() ?? 0
    }

    /// Length of the longest common subsequence, with one row of the DP table kept at a time.
    static func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
