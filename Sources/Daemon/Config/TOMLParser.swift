/// Reads the TOML subset configuration files need: comments, `[table]` and `[a.b]` headers, `key = value` with
/// dotted or quoted keys, basic and literal strings, integers (with `_`), floats, booleans, and arrays (also over
/// several lines). Inline tables, dates and multi-line strings are rejected with a clear error rather than misread.
public struct TOMLParser {
    /// A syntax error, with the 1-based line it was found on.
    public struct SyntaxError: Error, CustomStringConvertible, Equatable {
        /// The line of the document.
        public var line: Int
        /// What is wrong there.
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    private var chars: [Character]
    private var index = 0
    private var line = 1

    /// Parses `text` into a document of dotted keys.
    public static func parse(_ text: String) throws(SyntaxError) -> TOMLDocument {
        var parser = TOMLParser(chars: Array(text))
        return try parser.document()
    }

    private init(chars: [Character]) { self.chars = chars }

    private mutating func document() throws(SyntaxError) -> TOMLDocument {
        var doc = TOMLDocument()
        var table: [String] = []
        var tables: Set<String> = []
        while true {
            skipBlank(newlines: true)
            guard let c = peek else { return doc }
            if c == "[" {
                index += 1
                if peek == "[" { throw fail("arrays of tables ([[...]]) are not supported in activetune's configuration") }
                table = try key()
                skipBlank(newlines: false)
                guard peek == "]" else { throw fail("expected `]` to close the table header") }
                index += 1
                let name = table.joined(separator: ".")
                guard tables.insert(name).inserted else { throw fail("table [\(name)] is defined twice") }
            } else {
                let keyLine = line
                let path = table + (try key())
                skipBlank(newlines: false)
                guard peek == "=" else { throw fail("expected `=` after the key `\(path.joined(separator: "."))`") }
                index += 1
                skipBlank(newlines: false)
                let v = try value()
                let name = path.joined(separator: ".")
                guard doc.set(name, v, line: keyLine) else { throw fail("the key `\(name)` is set twice") }
            }
            try endOfLine()
        }
    }

    // MARK: keys

    private mutating func key() throws(SyntaxError) -> [String] {
        var parts: [String] = []
        repeat {
            skipBlank(newlines: false)
            if peek == "." { index += 1; skipBlank(newlines: false) }
            switch peek {
            case "\"": parts.append(try basicString())
            case "'": parts.append(try literalString())
            default:
                var bare = ""
                while let c = peek, c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" { bare.append(c); index += 1 }
                guard !bare.isEmpty else { throw fail("expected a key (letters, digits, `_`, `-`)") }
                parts.append(bare)
            }
            skipBlank(newlines: false)
        } while peek == "."
        return parts
    }

    // MARK: values

    private mutating func value() throws(SyntaxError) -> TOMLValue {
        switch peek {
        case "\"":
            if lookahead("\"\"\"") { throw fail("multi-line strings are not supported; use a single-line string") }
            return .string(try basicString())
        case "'":
            if lookahead("'''") { throw fail("multi-line strings are not supported; use a single-line string") }
            return .string(try literalString())
        case "[": return try array()
        case "{": throw fail("inline tables are not supported; use a [table] section")
        case nil: throw fail("expected a value after `=`")
        default: return try scalar()
        }
    }

    private mutating func array() throws(SyntaxError) -> TOMLValue {
        index += 1
        var items: [TOMLValue] = []
        while true {
            skipBlank(newlines: true)
            if peek == "]" { index += 1; return .array(items) }
            items.append(try value())
            skipBlank(newlines: true)
            if peek == "," { index += 1; continue }
            guard peek == "]" else { throw fail("expected `,` or `]` in the array") }
        }
    }

    private mutating func scalar() throws(SyntaxError) -> TOMLValue {
        var word = ""
        while let c = peek, !c.isWhitespace, c != ",", c != "]", c != "#" { word.append(c); index += 1 }
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf", "-inf", "nan", "+nan", "-nan":
            throw fail("`\(word)` is not an allowed value here; use a finite number")
        default: break
        }
        let digits = String(word.filter { $0 != "_" })
        if let i = Int(digits), !digits.isEmpty { return .integer(i) }
        if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(digits), d.isFinite {
            return .float(d)
        }
        if word.isEmpty { throw fail("expected a value") }
        throw fail("`\(word)` is not a value; strings need quotes, e.g. \"\(word)\"")
    }

    private mutating func basicString() throws(SyntaxError) -> String {
        index += 1
        var out = ""
        while let c = peek {
            index += 1
            switch c {
            case "\"": return out
            case "\n": throw fail("a string is not closed before the end of the line")
            case "\\":
                guard let e = peek else { break }
                index += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    let hex = String(chars[index..<min(index + count, chars.count)])
                    guard hex.count == count, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                        throw fail("bad unicode escape \\\(e)\(hex)")
                    }
                    out.unicodeScalars.append(scalar)
                    index += count
                default: throw fail("unknown escape `\\\(e)` in a string")
                }
            default: out.append(c)
            }
        }
        throw fail("a string is not closed before the end of the file")
    }

    private mutating func literalString() throws(SyntaxError) -> String {
        index += 1
        var out = ""
        while let c = peek {
            index += 1
            if c == "'" { return out }
            if c == "\n" { throw fail("a string is not closed before the end of the line") }
            out.append(c)
        }
        throw fail("a string is not closed before the end of the file")
    }

    // MARK: lexing

    private var peek: Character? { index < chars.count ? chars[index] : nil }

    private func lookahead(_ s: String) -> Bool {
        let s = Array(s)
        return index + s.count <= chars.count && Array(chars[index..<index + s.count]) == s
    }

    /// Skips spaces, tabs and comments; with `newlines`, also line breaks.
    private mutating func skipBlank(newlines: Bool) {
        while let c = peek {
            if c == " " || c == "\t" || c == "\r" { index += 1 }
            else if c == "#" { while let d = peek, d != "\n" { index += 1 } }
            else if c == "\n" || c == "\r\n", newlines { index += 1; line += 1 }
            else { return }
        }
    }

    private mutating func endOfLine() throws(SyntaxError) {
        skipBlank(newlines: false)
        guard let c = peek else { return }
        guard c == "\n" || c == "\r\n" else { throw fail("unexpected `\(c)` after the value; one key = value per line") }
    }

    private func fail(_ message: String) -> SyntaxError { SyntaxError(line: line, message: message) }
}
