/// A parsed JSON value. Task files are decoded from this rather than with `Codable`, so that each
/// failure can name the exact JSON path and say what was found instead of what was expected.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Duplicate keys keep the last value, as Python's `json` module does.
    case object([String: JSONValue])

    /// The value's type as a phrase for messages: "a string", "a list", ...
    var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
