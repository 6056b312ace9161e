/// A module's name for itself and its kinds of failure: all a module defines to have its own error type,
/// `Failure<ItsDomain>`, instead of another copy of the same struct.
public protocol FailureDomain: Sendable {
    /// The kind of failure; a struct over a private enum, so codes can be added without breaking callers.
    associatedtype Code: CustomStringConvertible & Hashable & Sendable
    /// The word every message of the module starts with, e.g. `checkpoint`.
    static var name: String { get }
}

/// One failure of the module `Domain`: its kind, what went wrong, what to do, and where it was raised.
public struct Failure<Domain: FailureDomain>: ActivetuneError {
    /// The module's kinds of failure.
    public typealias Code = Domain.Code

    /// The module's word at the start of every message.
    public static var domain: String { Domain.name }
    /// The kind of failure.
    public let code: Code
    /// What went wrong and where.
    public let message: String
    /// What the user can do about it (empty when the throw site gave no hint).
    public let hint: String
    /// The source file that raised the error (`#fileID`).
    public let file: String
    /// The source line that raised the error.
    public let line: Int

    /// Makes a failure that records where in the source it was raised.
    public init(_ code: Code, _ message: String, hint: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
    }

    /// Makes a failure from `text` written as `what went wrong. HINT: what to do` (the form of the throw sites
    /// that keep both in one string), recording where in the source it was raised.
    public init(_ code: Code, _ text: String, file: String = #fileID, line: Int = #line) {
        let (message, hint) = splitHint(text)
        self.init(code, message, hint: hint, file: file, line: line)
    }
}
