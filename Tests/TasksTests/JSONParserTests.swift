import Testing
@testable import Tasks

/// The JSON parser: values, escapes, error kinds and positions, and the depth limit.
@Suite struct JSONParserTests {
    private func parse(_ text: String, maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            try JSONParser.parseDocument(in: buffer, range: 0..<buffer.count, maxDepth: maxDepth)
        }
    }

    private func failure(_ text: String, maxDepth: Int = 64) -> JSONSyntaxError? {
        do {
            _ = try parse(text, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" { "a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "a2": 0 } "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d")]),
            "a2": .number(0),
        ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1F600}"))
        #expect(try parse("\"héllo ✓\"") == .string("héllo ✓"))
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try parse(#"{"k": 1, "k": 2}"#) == .object(["k": .number(2)]))
    }

    @Test(arguments: [#"{"a": "#, #"{"a": [1, 2"#, #""abc"#, "tru", "-", "nul", "1.", #"{"a": "\u12"#, "[", #"{"a""#])
    func truncatedInputIsReportedAsTruncated(text: String) {
        #expect(failure(text)?.kind == .truncated)
    }

    @Test(arguments: ["{a: 1}", "[1 2]", "01", "+1", #"{"a": 1,}"#, "\"tab\tinside\"", #""\x""#,
                      #""\ud800x""#, #""\udc00""#, "nulx", "1.x", "[1] 2"])
    func malformedInputIsReportedAsInvalid(text: String) {
        #expect(failure(text)?.kind == .invalid)
    }

    @Test func errorsCarryTheirByteOffset() {
        let error = failure("[1, 2,\n  x]")
        #expect(error?.offset == 9)
        #expect(error?.message.contains("'x'") == true)
    }

    /// Deep nesting is refused at the limit instead of recursing until the stack overflows.
    @Test func nestingBeyondTheLimitIsRefused() throws {
        #expect(failure(String(repeating: "[", count: 1_000_000))?.kind == .tooDeep)
        #expect(failure(String(repeating: "[", count: 5) + String(repeating: "]", count: 5), maxDepth: 4)?.kind == .tooDeep)
        _ = try parse(String(repeating: "[", count: 4) + String(repeating: "]", count: 4), maxDepth: 4)
    }
}
