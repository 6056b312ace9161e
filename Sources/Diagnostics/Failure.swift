/// A module's name for itself: all a module defines to have its own error type, `Failure<ItsDomain>`, besides its
/// kinds of failure, which it lists as `extension FailureCode where Domain == ItsDomain { static let ... }`.
public protocol FailureDomain: Sendable {
    /// The word every message of the module starts with, e.g. `checkpoint`.
    static var name: String { get }
}

/// A kind of failure of the module `Domain`, with a stable name for messages; a module's codes are the static members
/// of its constrained extension, so codes can be added without breaking callers and no two modules' codes mix.
public struct FailureCode<Domain: FailureDomain>: Hashable, Sendable, CustomStringConvertible {
    /// The code's stable name, e.g. `corrupt`.
    public let name: String

    /// A code named `name`; for a module's own list of codes.
    public init(_ name: String) { self.name = name }

    /// The code's stable name.
    public var description: String { name }
}

/// One failure of the module `Domain`: its kind, what went wrong, what to do, and where it was raised.
public struct Failure<Domain: FailureDomain>: ActivetuneError {
    /// The module's kinds of failure.
    public typealias Code = FailureCode<Domain>

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
    /// The errno of the system call that failed, or 0 when none did (the message already says what it means).
    public let errno: Int32

    /// Makes a failure that records where in the source it was raised.
    public init(_ code: Code, _ message: String, hint: String, errno: Int32 = 0, file: String = #fileID,
                line: Int = #line) {
        self.code = code
        self.message = message
        self.hint = hint
        self.errno = errno
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
