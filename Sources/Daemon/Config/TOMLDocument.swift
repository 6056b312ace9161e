import TOMLKit

/// A value read from a TOML document: the kinds activetune's configuration uses.
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

/// A parsed TOML document flattened to dotted keys (`training.epochs`), with the line each key was set on.
///
/// TOMLKit (toml++) parses, so the whole of TOML 1.0 is read as the standard says, and its syntax errors carry the
/// line. It keeps no positions for values, so `KeyLines` finds the line of each key for the configuration's
/// messages ("training.epochs at activetune.toml:12 must be ...").
public struct TOMLDocument: Sendable {
    /// A syntax error, with the 1-based line it was found on.
    public struct SyntaxError: Error, CustomStringConvertible, Equatable {
        /// The line of the document.
        public var line: Int
        /// What is wrong there.
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Every key, fully qualified with its table (`budget.pool_size`).
    public private(set) var values: [String: TOMLValue] = [:]
    /// The line each key was set on, so configuration errors can point at it.
    public private(set) var lines: [String: Int] = [:]

    /// Parses `text`. Dates, times and arrays of tables are valid TOML that no configuration key takes: they are
    /// refused here with the key's line rather than reported later as a type mismatch.
    public static func parse(_ text: String) throws(SyntaxError) -> TOMLDocument {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SyntaxError(line: error.source.begin.line, message: error.description)
        } catch {
            throw SyntaxError(line: 1, message: "\(error)")
        }
        var document = TOMLDocument()
        let lines = KeyLines(text).lines
        try document.flatten(table, prefix: "", lines: lines)
        return document
    }

    private mutating func flatten(_ table: TOMLTable, prefix: String, lines: [String: Int]) throws(SyntaxError) {
        for key in table.keys.sorted() {
            guard let node = table[key] else { continue }
            let name = prefix + key
            if let nested = node.table {
                try flatten(nested, prefix: name + ".", lines: lines)
                continue
            }
            let line = lines[name] ?? 1
            values[name] = try Self.value(node, key: name, line: line)
            self.lines[name] = line
        }
    }

    private static func value(_ node: any TOMLValueConvertible, key: String, line: Int) throws(SyntaxError) -> TOMLValue {
        switch node.type {
        case .string: return .string(node.string ?? "")
        case .int: return .integer(node.int ?? 0)
        case .double: return .float(node.double ?? 0)
        case .bool: return .boolean(node.bool ?? false)
        case .array:
            var elements: [TOMLValue] = []
            for element in node.array.map(Array.init) ?? [] {
                guard element.type != .table else {
                    throw SyntaxError(line: line, message: "`\(key)` is an array of tables, which no configuration key takes")
                }
                elements.append(try value(element, key: key, line: line))
            }
            return .array(elements)
        case .date, .time, .dateTime:
            throw SyntaxError(line: line, message: "`\(key)` is a date or time, which no configuration key takes")
        case .table:
            throw SyntaxError(line: line, message: "`\(key)` is a table where a value was expected")
        }
    }
}
