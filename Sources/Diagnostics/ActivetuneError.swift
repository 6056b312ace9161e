import Foundation

/// The one shape of activetune's errors: what went wrong (naming the file, key, tensor or task), what to do about
/// it, and where in the source it was raised, printed the same way by every module:
/// `<domain>: <message>. HINT: <hint> (<code> at <file>:<line>)`.
///
/// Each module keeps its own `Code` (a struct over a private enum, so codes can be added without breaking callers)
/// and conforms; the description is written here, once.
public protocol ActivetuneError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, with a stable name.
    associatedtype Code: CustomStringConvertible & Hashable & Sendable

    /// The module's word for itself at the start of every message, e.g. `checkpoint`.
    static var domain: String { get }
    /// The kind of failure.
    var code: Code { get }
    /// What went wrong and where.
    var message: String { get }
    /// What the user can do about it.
    var hint: String { get }
    /// The source file that raised the error (`#fileID`).
    var file: String { get }
    /// The source line that raised the error.
    var line: Int { get }
}

extension ActivetuneError {
    /// `<domain>: <message>. HINT: <hint> (<code> at <file>:<line>)`; without a hint, no `HINT:`.
    public var description: String {
        let sentence = message.hasSuffix(".") ? message : message + "."
        let advice = hint.isEmpty ? "" : " HINT: \(hint)"
        return "\(Self.domain): \(sentence)\(advice) (\(code) at \(file):\(line))"
    }
}

/// Splits a throw site's text written as `what went wrong. HINT: what to do` into its two parts, for the modules
/// whose throw sites keep both in one string; text without `HINT:` is all message.
public func splitHint(_ text: String) -> (message: String, hint: String) {
    guard let marker = text.range(of: "HINT:", options: .backwards) else { return (text, "") }
    var message = text[..<marker.lowerBound].trimmingCharacters(in: .whitespaces)
    if message.hasSuffix(".") { message.removeLast() }
    return (message, text[marker.upperBound...].trimmingCharacters(in: .whitespaces))
}
