/// The few Python string operations the Tk-Instruct prompt is defined with, reproduced exactly.
enum PythonText {
    /// Python's `str.isspace()` set: what `str.strip()` removes and `str.split()` splits on.
    /// It differs from Foundation's `whitespacesAndNewlines` (it includes U+001C–U+001F).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0d, 0x1c...0x20, 0x85, 0xa0, 0x1680, 0x2000...0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
            true
        default:
            false
        }
    }

    /// `text.strip()`.
    static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `text.split()`: the maximal runs of non-whitespace.
    static func split(_ text: String) -> [Substring] {
        var words: [Substring] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            guard let start = scalars[index...].firstIndex(where: { !isWhitespace($0) }) else { break }
            let end = scalars[start...].firstIndex(where: isWhitespace) ?? scalars.endIndex
            words.append(Substring(scalars[start..<end]))
            index = end
        }
        return words
    }

    /// Whether the last character (code point) is in Python's `string.punctuation`, the ASCII set
    /// ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``.
    static func endsWithPunctuation(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last, last.isASCII else { return false }
        return (0x21...0x2f).contains(last.value) || (0x3a...0x40).contains(last.value)
            || (0x5b...0x60).contains(last.value) || (0x7b...0x7e).contains(last.value)
    }

    /// `text`, with a `.` appended unless it already ends in punctuation (Tk-Instruct's rule).
    static func terminated(_ text: String) -> String {
        endsWithPunctuation(text) ? text : text + "."
    }
}
