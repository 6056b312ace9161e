import Diagnostics

/// A tokenizer could not be loaded, built or written; the description says what, where, and what to do.
public typealias TokenizerError = Failure<TokenizerFailures>

/// The tokenizer module's kinds of failure, for `TokenizerError`.
public enum TokenizerFailures: FailureDomain {
    /// Messages start `tokenizer:`.
    public static let name = "tokenizer"

    /// The kind of failure: a struct over a private enum so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case unreadableFile, unwritableFile, malformedVocabulary, malformedMerges, unsupportedFormat,
                 missingEndOfText, invalidArgument
        }
        private let value: Value

        /// A file could not be read.
        public static let unreadableFile = Code(value: .unreadableFile)
        /// A file could not be written.
        public static let unwritableFile = Code(value: .unwritableFile)
        /// `vocab.json` (or the vocabulary inside `tokenizer.json`) is not a map of token to dense id.
        public static let malformedVocabulary = Code(value: .malformedVocabulary)
        /// A line of `merges.txt` (or a merge in `tokenizer.json`) is not two known tokens.
        public static let malformedMerges = Code(value: .malformedMerges)
        /// `tokenizer.json` describes something other than a byte-level BPE tokenizer.
        public static let unsupportedFormat = Code(value: .unsupportedFormat)
        /// The vocabulary has no `<|endoftext|>` token.
        public static let missingEndOfText = Code(value: .missingEndOfText)
        /// A caller passed a value outside the allowed range.
        public static let invalidArgument = Code(value: .invalidArgument)

        /// The code's name, e.g. `malformedMerges`.
        public var description: String { value.rawValue }
    }
}
