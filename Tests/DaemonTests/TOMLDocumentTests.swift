import Testing
@testable import Daemon

/// TOML documents read through TOMLKit, flattened to dotted keys with the line each key was set on, and syntax
/// errors with their line.
@Suite struct TOMLDocumentTests {
    @Test func readsTablesKeysValuesAndTheirLines() throws {
        let doc = try TOMLDocument.parse("""
            # comment
            top = "a\\tb"   # trailing comment
            [budget]
            pool_size = 1_000
            ratio = 0.25
            on = true
            "quoted key" = 'C:\\path'
            note = \"\"\"
            pool_size = 3
            \"\"\"
            [a.b]
            list = [1, 2,
                    3,]
            inline = { x = 1, y = "z" }
            dotted.key = 5
            """)
        #expect(doc.values["top"] == .string("a\tb"))
        #expect(doc.values["budget.pool_size"] == .integer(1000))
        #expect(doc.values["budget.ratio"] == .float(0.25))
        #expect(doc.values["budget.on"] == .boolean(true))
        #expect(doc.values["budget.quoted key"] == .string("C:\\path"))
        #expect(doc.values["budget.note"] == .string("pool_size = 3\n"))
        #expect(doc.values["a.b.list"] == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(doc.values["a.b.inline.x"] == .integer(1))
        #expect(doc.values["a.b.dotted.key"] == .integer(5))
        #expect(doc.lines["top"] == 2)
        #expect(doc.lines["budget.pool_size"] == 4, "a key inside a multi-line string is not the key")
        #expect(doc.lines["budget.quoted key"] == 7)
        #expect(doc.lines["budget.note"] == 8)
        #expect(doc.lines["a.b.list"] == 12)
        #expect(doc.lines["a.b.inline.y"] == 14)
        #expect(doc.lines["a.b.dotted.key"] == 15)
    }

    @Test(arguments: [
        ("x = ", 1),
        ("x = 1\nx = 2", 2),
        ("[t]\ny = 1\n[t]", 3),
        ("a = 1\nx = \"open", 2),
        ("x = hello", 1),
        ("x = 1 2", 1),
    ])
    func syntaxErrorsNameTheirLine(text: String, line: Int) {
        #expect {
            _ = try TOMLDocument.parse(text)
        } throws: { error in
            guard let e = error as? TOMLDocument.SyntaxError else { return false }
            return e.line == line && !e.message.isEmpty
        }
    }

    @Test(arguments: [
        ("a = 1\nwhen = 1979-05-27", 2, "date or time"),
        ("[[t]]\nx = 1", 1, "array of tables"),
    ])
    func validTOMLNoKeyTakesIsRefusedWithItsLine(text: String, line: Int, message: String) {
        #expect {
            _ = try TOMLDocument.parse(text)
        } throws: { error in
            guard let e = error as? TOMLDocument.SyntaxError else { return false }
            return e.line == line && e.message.contains(message)
        }
    }
}
