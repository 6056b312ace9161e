/// The few Python `str` operations NIV2's evaluation relies on, reproduced code point for code point so that
/// scores match the reference implementation on any input, not only on ASCII.
enum PythonText {
    /// Python's `str.lower()`: the full Unicode lowercase mapping, with the context-dependent final sigma.
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for (i, scalar) in text.enumerated() {
            if scalar == capitalSigma {
                out.append(isFinalSigma(text, at: i) ? finalSigma : smallSigma)
            } else if scalar.isASCII {
                // ASCII fast path: the mapping below gives the same result, only slower.
                out.append(scalar.value >= 0x41 && scalar.value <= 0x5A
                    ? Unicode.Scalar(UInt8(scalar.value) + 0x20) : scalar)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// Python's `str.isspace()` for one code point (the separators `str.split()` splits on).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Membership in Python's `string.punctuation` (ASCII punctuation only).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    private static let capitalSigma: Unicode.Scalar = "\u{03A3}"
    private static let smallSigma: Unicode.Scalar = "\u{03C3}"
    private static let finalSigma: Unicode.Scalar = "\u{03C2}"

    /// CPython's rule: a cased letter (skipping case-ignorables) before, and none after.
    private static func isFinalSigma(_ text: [Unicode.Scalar], at index: Int) -> Bool {
        var j = index - 1
        while j >= 0 && text[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && text[j].properties.isCased else { return false }
        var k = index + 1
        while k < text.count && text[k].properties.isCaseIgnorable { k += 1 }
        return k == text.count || !text[k].properties.isCased
    }
}
