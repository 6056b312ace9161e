import Diagnostics

/// A tokenizer could not be loaded, built or written; the description says what, where, and what to do.
public typealias TokenizerError = Failure<TokenizerFailures>

/// The tokenizer module's kinds of failure, for `TokenizerError`.
public enum TokenizerFailures: FailureDomain {
    /// Messages start `tokenizer:`.
    public static let name = "tokenizer"
}

extension FailureCode where Domain == TokenizerFailures {
    /// A file could not be read.
    public static let unreadableFile = Self("unreadableFile")
    /// A file could not be written.
    public static let unwritableFile = Self("unwritableFile")
    /// `vocab.json` (or the vocabulary inside `tokenizer.json`) is not a map of token to dense id.
    public static let malformedVocabulary = Self("malformedVocabulary")
    /// A line of `merges.txt` (or a merge in `tokenizer.json`) is not two known tokens.
    public static let malformedMerges = Self("malformedMerges")
    /// `tokenizer.json` describes something other than a byte-level BPE tokenizer.
    public static let unsupportedFormat = Self("unsupportedFormat")
    /// The vocabulary has no `<|endoftext|>` token.
    public static let missingEndOfText = Self("missingEndOfText")
    /// A caller passed a value outside the allowed range.
    public static let invalidArgument = Self("invalidArgument")
}
