/// Exact match as NIV2's evaluation computes it: equal after `normalize_answer`.
///
/// NIV2's `normalize_answer` lower-cases, removes ASCII punctuation and collapses whitespace. Unlike SQuAD's
/// function it was adapted from, it does NOT remove the articles a/an/the (its own comment says so), and
/// this follows NIV2.
public enum ExactMatch {
    /// NIV2's `normalize_answer(text)`.
    public static func normalize(_ text: String) -> String {
        let kept = PythonText.lowercased(Array(text.unicodeScalars)).filter { !PythonText.isPunctuation($0) }
        let words = kept.split(whereSeparator: PythonText.isSpace)
        var out = String.UnicodeScalarView()
        for (i, word) in words.enumerated() {
            if i > 0 { out.append(" ") }
            out.append(contentsOf: word)
        }
        return String(out)
    }

    /// Whether `prediction` equals any reference after normalisation. Python compares code points, so
    /// canonically equivalent but differently encoded texts do not match (Swift's `==` would say they do).
    public static func matches(prediction: String, references: [String]) throws(EvaluationError) -> Bool {
        guard !references.isEmpty else {
            throw EvaluationError(.noReferences, "cannot match a prediction against an empty list of references. "
                + "HINT: every instance needs at least one reference output")
        }
        let predicted = normalize(prediction).unicodeScalars
        return references.contains { normalize($0).unicodeScalars.elementsEqual(predicted) }
    }
}
