/// A minimal SVG 1.1 writer: elements with escaped attributes and text, one per line.
struct SVGWriter {
    private var lines: [String] = []
    private var depth = 0

    /// Starts an element that will hold others.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        lines.append(indent + "<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    /// Ends the innermost open element.
    mutating func close(_ name: String) {
        depth -= 1
        lines.append(indent + "</\(name)>")
    }

    /// A complete element, empty or holding `text`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String? = nil) {
        if let text {
            lines.append(indent + "<\(name)\(Self.attributes(attributes))>\(Self.escape(text))</\(name)>")
        } else {
            lines.append(indent + "<\(name)\(Self.attributes(attributes))/>")
        }
    }

    /// The document: the XML declaration and every line written.
    var document: String {
        (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"] + lines).joined(separator: "\n") + "\n"
    }

    /// `text` safe inside XML 1.0 character data and quoted attributes. Characters XML 1.0 forbids even when
    /// escaped (most C0 controls, U+FFFE, U+FFFF) become U+FFFD, so any task id yields a well-formed file.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out.unicodeScalars.append("\u{FFFD}")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    private static func attributes(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }
}
