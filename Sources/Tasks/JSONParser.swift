/// A strict RFC 8259 JSON parser over UTF-8 bytes that checks nesting depth as it goes.
///
/// Written here rather than using `JSONSerialization` because that recurses without a limit
/// (a file of `[[[[...` would overflow the stack), reports no position for errors, cannot tell a
/// truncated file from a malformed one, and confuses booleans with numbers on Linux.
/// The input must already be valid UTF-8; recursion depth is bounded by `maxDepth`.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private let end: Int
    private let maxDepth: Int
    private var depth = 0

    /// Parses one value from `bytes[range]`; returns it and the offset just past it
    /// (leading whitespace is skipped, trailing content is left to the caller).
    static func parseValue(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>,
                           maxDepth: Int) throws(JSONSyntaxError) -> (value: JSONValue, end: Int) {
        var parser = JSONParser(bytes: bytes, index: range.lowerBound, end: range.upperBound, maxDepth: maxDepth)
        let value = try parser.value()
        return (value, parser.index)
    }

    /// Parses `bytes[range]` as exactly one value surrounded by optional whitespace.
    static func parseDocument(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>,
                              maxDepth: Int) throws(JSONSyntaxError) -> JSONValue {
        let (value, end) = try parseValue(in: bytes, range: range, maxDepth: maxDepth)
        let rest = skippingWhitespace(in: bytes, from: end, to: range.upperBound)
        guard rest == range.upperBound else {
            throw JSONSyntaxError(kind: .invalid, offset: rest, message: "unexpected \(describe(bytes[rest])) after the JSON value")
        }
        return value
    }

    /// The first offset at or after `start` that is not JSON whitespace.
    static func skippingWhitespace(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, index: Int, end: Int, maxDepth: Int) {
        self.bytes = bytes
        self.index = index
        self.end = end
        self.maxDepth = maxDepth
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
    }

    /// A byte as a phrase for messages: `'x'` for printable ASCII, else its hex value.
    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func fail(_ kind: JSONSyntaxError.Kind, _ message: String) -> JSONSyntaxError {
        JSONSyntaxError(kind: kind, offset: index, message: message)
    }

    private func truncated(_ expected: String) -> JSONSyntaxError {
        fail(.truncated, "the JSON ends early: expected \(expected)")
    }

    private mutating func skipWhitespace() {
        index = Self.skippingWhitespace(in: bytes, from: index, to: end)
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < end else { throw truncated("a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case let byte: throw fail(.invalid, "unexpected \(Self.describe(byte)) where a value should start")
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= maxDepth else {
            throw fail(.tooDeep, "lists and objects are nested more than \(maxDepth) levels deep")
        }
        index += 1
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < end else { throw truncated("a member name") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw fail(.invalid, "expected a member name in double quotes, found \(Self.describe(bytes[index]))")
            }
            let key = try string()
            skipWhitespace()
            guard index < end else { throw truncated("':'") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw fail(.invalid, "expected ':' after a member name, found \(Self.describe(bytes[index]))")
            }
            index += 1
            members[key] = try value()
            skipWhitespace()
            guard index < end else { throw truncated("',' or '}'") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            case let byte: throw fail(.invalid, "expected ',' or '}' after an object member, found \(Self.describe(byte))")
            }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            guard index < end else { throw truncated("',' or ']'") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            case let byte: throw fail(.invalid, "expected ',' or ']' after a list element, found \(Self.describe(byte))")
            }
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for byte in word.utf8 {
            guard index < end else { throw truncated("'\(word)'") }
            guard bytes[index] == byte else { throw fail(.invalid, "unexpected \(Self.describe(bytes[index])) in '\(word)'") }
            index += 1
        }
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        func digits() -> Int {
            let first = index
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - first
        }
        func requireDigits(_ what: String) throws(JSONSyntaxError) {
            if digits() == 0 {
                throw index < end ? fail(.invalid, "expected a digit in \(what), found \(Self.describe(bytes[index]))")
                                  : truncated("a digit")
            }
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < end, bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            try requireDigits("a number")
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try requireDigits("a fraction")
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try requireDigits("an exponent")
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text) else { throw fail(.invalid, "'\(text)' is not a number") }
        return number
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the common case in task files.
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
        }
        var scratch = Array(bytes[start..<index])
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &scratch)
            case 0..<0x20:
                throw controlCharacter(byte)
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw truncated("the closing '\"' of a string")
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        let name = byte == 0x0a ? "a raw line break" : "control character \(Self.describe(byte))"
        return fail(.invalid, "\(name) inside a string (JSON needs it escaped, e.g. \\n)")
    }

    private mutating func escape(into scratch: inout [UInt8]) throws(JSONSyntaxError) {
        guard index < end else { throw truncated("an escape sequence") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0c)
        case UInt8(ascii: "n"): scratch.append(0x0a)
        case UInt8(ascii: "r"): scratch.append(0x0d)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xd800..<0xdc00).contains(scalar) {
                guard end - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw index >= end ? truncated("a low surrogate escape") : fail(.invalid, "a \\u escape of a high surrogate without its low surrogate")
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xdc00..<0xe000).contains(low) else {
                    throw fail(.invalid, "a \\u escape of a high surrogate followed by no low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw fail(.invalid, "a \\u escape of a lone low surrogate")
            }
            UTF8.encode(unicode) { scratch.append($0) }
        default:
            index -= 1
            throw fail(.invalid, "unknown escape sequence: backslash followed by \(Self.describe(byte)) in a string")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < end else { throw truncated("four hex digits after \\u") }
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw fail(.invalid, "expected four hex digits after \\u, found \(Self.describe(bytes[index]))")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
