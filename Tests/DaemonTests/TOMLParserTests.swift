import Testing
@testable import Daemon

/// The TOML subset the configuration uses, and precise errors for what it does not accept.
@Suite struct TOMLParserTests {
    @Test func readsTablesKeysAndValues() throws {
        let doc = try TOMLParser.parse("""
            # comment
            top = "a\\tb"   # trailing comment
            [budget]
            pool_size = 1_000
            ratio = 0.25
            on = true
            "quoted key" = 'C:\\path'
            [a.b]
            list = [1, 2,
                    3,]
            """)
        #expect(doc.values["top"] == .string("a\tb"))
        #expect(doc.values["budget.pool_size"] == .integer(1000))
        #expect(doc.values["budget.ratio"] == .float(0.25))
        #expect(doc.values["budget.on"] == .boolean(true))
        #expect(doc.values["budget.quoted key"] == .string("C:\\path"))
        #expect(doc.values["a.b.list"] == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(doc.lines["budget.pool_size"] == 4)
    }

    @Test(arguments: [
        ("x = ", 1, "expected a value"),
        ("x = 1\nx = 2", 2, "set twice"),
        ("[t]\n[t]", 2, "defined twice"),
        ("x = \"open", 1, "not closed"),
        ("x = hello", 1, "strings need quotes"),
        ("x = { a = 1 }", 1, "inline tables"),
        ("x = 1 2", 1, "one key = value per line"),
        ("[[t]]", 1, "arrays of tables"),
        ("x = nan", 1, "finite number"),
    ])
    func rejectsWithLine(text: String, line: Int, message: String) {
        #expect {
            _ = try TOMLParser.parse(text)
        } throws: { error in
            guard let e = error as? TOMLParser.SyntaxError else { return false }
            return e.line == line && e.message.contains(message)
        }
    }
}
