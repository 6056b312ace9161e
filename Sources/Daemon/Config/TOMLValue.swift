/// A value read from a TOML document: the subset activetune's configuration uses.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])

    /// The TOML type name, for error messages ("expected a string, found an integer").
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .array: "an array"
        }
    }
}

/// A parsed TOML document: dotted keys (`training.epochs`) to values, with the line each key was set on.
public struct TOMLDocument: Sendable {
    /// Every key, fully qualified with its table (`budget.pool_size`).
    public private(set) var values: [String: TOMLValue] = [:]
    /// The line each key was set on, so configuration errors can point at it.
    public private(set) var lines: [String: Int] = [:]

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) -> Bool {
        guard values[key] == nil else { return false }
        values[key] = value
        lines[key] = line
        return true
    }
}
