/// Text that ends a greedy answer, such as a blank line: a pretrained model continues past its answer
/// (" Rome.\n\nHere is the example -\nInput: ..."), so decoding stops once the text it produced contains this, and
/// the answer is what came before the token that completed it.
///
/// Scoring, evaluation, the experiment and the daemon decode with the same stop, and training targets are cut at
/// it (`PromptEncoder`), so the model is taught and asked the same way.
public struct StopSequence: Sendable, Equatable {
    /// The default: a blank line, which ends each example in the Tk-Instruct template.
    public static let blankLine = "\n\n"

    /// The text; never empty.
    public let text: String

    /// A stop at `text`; nil for an empty text (no stop).
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        self.text = text
    }

    /// How many of `tokens` to keep: the tokens before the one whose text completed the stop, or nil while the
    /// decoded text does not contain it.
    func keptCount(_ tokens: [Int32], tokenizer: BPETokenizer) -> Int? {
        guard tokenizer.decode(tokens).contains(text) else { return nil }
        var kept = tokens.count - 1
        // The stop may span several tokens ("\n" then "\n"); back up to the first token that completes it.
        while kept > 0 && tokenizer.decode(tokens[..<kept]).contains(text) { kept -= 1 }
        // The tokens just before it may hold the stop's start ("\n" of "\n\n"): they belong to the stop, not the answer.
        while kept > 0 {
            let tail = tokenizer.decode(tokens[(kept - 1)..<kept])
            guard !tail.isEmpty, text.hasPrefix(tail) else { break }
            kept -= 1
        }
        return kept
    }

    /// `text` up to the first occurrence of the stop (all of it when the stop does not occur).
    public func cut(_ text: String) -> String {
        guard let range = text.range(of: self.text) else { return text }
        return String(text[..<range.lowerBound])
    }
}
