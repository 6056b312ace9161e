import Foundation

/// JSON string literals written by hand where the byte layout must match a reference writer exactly (the
/// safetensors header, HF's `vocab.json`), which `JSONEncoder` does not promise.
package enum JSONText {
    /// A JSON string literal; control characters become `\u00XX`, everything else stays UTF-8 (not `\uXXXX`).
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
