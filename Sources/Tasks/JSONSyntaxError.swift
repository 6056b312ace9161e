/// A JSON syntax failure at a byte offset; the task decoder turns it into a `TaskFileError`.
struct JSONSyntaxError: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// The input stopped inside a value.
        case truncated
        /// Something that is not JSON.
        case invalid
        /// Nesting beyond the parser's limit.
        case tooDeep
    }

    var kind: Kind
    /// Byte offset into the parsed buffer where the problem was seen.
    var offset: Int
    /// What was wrong, e.g. "expected ',' or '}' after an object member".
    var message: String
}
