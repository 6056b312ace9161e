@testable import Tasks

/// A stand-in tokenizer with one token per Unicode scalar, which is Python's `len` on a str,
/// so budgets in the golden cases mean the same on both sides.
struct CharacterCounter: TokenCounter {
    func tokenCount(_ text: String) -> Int {
        text.unicodeScalars.count
    }

    func truncate(_ text: String, toTokens maxTokens: Int) -> String {
        String(text.unicodeScalars.prefix(max(maxTokens, 0)))
    }
}

/// A stand-in tokenizer with one token per whitespace-separated word plus one for the end of
/// the sequence, whose counts are not additive over concatenation.
struct WordCounter: TokenCounter {
    func tokenCount(_ text: String) -> Int {
        PythonText.split(text).count + 1
    }

    func truncate(_ text: String, toTokens maxTokens: Int) -> String {
        PythonText.split(text).prefix(max(maxTokens - 1, 0)).joined(separator: " ")
    }
}
