/// The line on which each dotted key of a TOML document is set, for configuration messages; TOMLKit parses the
/// document but keeps no positions for values.
///
/// Reads only what locates a key: `[table]` headers and `key =` at the start of a line, with bare, quoted and dotted
/// keys; lines inside multi-line strings and arrays are skipped. The document has already parsed, so only valid
/// TOML reaches here. An inline table's keys get the line of the key that holds it.
struct KeyLines {
    /// Dotted key → 1-based line.
    private(set) var lines: [String: Int] = [:]

    init(_ text: String) {
        var table: [String] = []
        var openString: String?  // `"""` or `'''` while inside a multi-line string
        var bracketDepth = 0      // inside a multi-line array
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Substring(raw)
            if let delimiter = openString {
                if line.contains(delimiter) { openString = nil }
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if bracketDepth == 0, trimmed.hasPrefix("["), !trimmed.hasPrefix("[[") {
                table = Self.keyPath(trimmed.dropFirst().prefix { $0 != "]" })
            } else if bracketDepth == 0, let equals = Self.assignment(trimmed) {
                let path = table + Self.keyPath(trimmed[..<equals])
                let name = path.joined(separator: ".")
                if lines[name] == nil { lines[name] = index + 1 }
                let value = trimmed[trimmed.index(after: equals)...]
                // An odd count of a delimiter opens a multi-line string that ends on a later line.
                for delimiter in ["\"\"\"", "'''"] where value.ranges(of: delimiter).count % 2 == 1 {
                    openString = delimiter
                }
                bracketDepth += Self.bracketBalance(value)
                // An inline table's keys are reached through this line too.
                if value.drop(while: { $0 == " " }).hasPrefix("{") { registerInline(value, prefix: name, line: index + 1) }
            } else if bracketDepth > 0 {
                bracketDepth += Self.bracketBalance(line)
            }
        }
    }

    private mutating func registerInline(_ value: Substring, prefix: String, line: Int) {
        let body = value.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }
        for part in body.split(separator: ",") {
            guard let equals = Self.assignment(part.drop { $0 == " " }) else { continue }
            let key = Self.keyPath(part.drop { $0 == " " }[..<equals]).joined(separator: ".")
            lines[prefix + "." + key] = line
        }
    }

    /// The `=` that ends the key at the start of `text`, outside quotes; nil when `text` sets no key.
    private static func assignment(_ text: Substring) -> Substring.Index? {
        guard let first = text.first, first != "#" else { return nil }
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            } else if !(character.isLetter || character.isNumber || "_-. \t".contains(character)) {
                return nil
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `a."b.c".d` → ["a", "b.c", "d"].
    private static func keyPath(_ text: Substring) -> [String] {
        var parts: [String] = [], current = "", quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current)
                current = ""
            } else if character != " " && character != "\t" {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// Opening minus closing square brackets outside strings and comments.
    private static func bracketBalance(_ text: Substring) -> Int {
        var balance = 0, quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                break
            } else if character == "[" {
                balance += 1
            } else if character == "]" {
                balance -= 1
            }
        }
        return balance
    }
}
