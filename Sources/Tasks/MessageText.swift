/// Quoting of user content inside one-line error messages.
enum MessageText {
    /// `text` in double quotes, control characters escaped and cut to `limit` characters,
    /// so a message never spans lines however odd the content.
    static func quoted(_ text: String, limit: Int = 60) -> String {
        var body = ""
        for (count, character) in text.enumerated() {
            if count == limit {
                body += "…"
                break
            }
            if character.unicodeScalars.allSatisfy({ ![.control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }) {
                body.append(character)
            } else {
                body += character.unicodeScalars.map(escaped).joined()
            }
        }
        return "\"\(body)\""
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
    }
}
