/// GPT-2's `bytes_to_unicode` table: every byte is shown as a printable character so that byte-level
/// tokens can be stored as text in `vocab.json` and `merges.txt` (a space becomes `Ġ`, a newline `Ċ`).
enum ByteLevelAlphabet {
    /// The bytes in GPT-2's order: printable bytes first (`!`...`~`, `¡`...`¬`, `®`...`ÿ`), then the rest.
    /// Sorting the characters of the table gives the same order, so token ids 0..<256 in this order are
    /// also the order HF `tokenizers` assigns to its initial alphabet (which makes training tie-breaks agree).
    static let byteOrder: [UInt8] = {
        let printable = Array(33...126) + Array(161...172) + Array(174...255)
        let rest = (0...255).filter { !printable.contains($0) }
        return (printable + rest).map { UInt8($0) }
    }()

    /// The character that stands for each byte, indexed by byte value.
    static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0...255 {
            if (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte) {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The byte each table character stands for, indexed by scalar value (all are below 0x144).
    private static let byteForScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for (byte, scalar) in scalarForByte.enumerated() { table[Int(scalar.value)] = Int16(byte) }
        return table
    }()

    /// The text form of some bytes, as written in `vocab.json`.
    static func text(of bytes: some Sequence<UInt8>) -> String {
        var result = String.UnicodeScalarView()
        for byte in bytes { result.append(scalarForByte[Int(byte)]) }
        return String(result)
    }

    /// The bytes a token's text form stands for, or nil when it has a character outside the table
    /// (an added special token such as `<pad>` written in plain text).
    static func bytes(of text: String) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard Int(scalar.value) < byteForScalar.count else { return nil }
            let byte = byteForScalar[Int(scalar.value)]
            guard byte >= 0 else { return nil }
            result.append(UInt8(byte))
        }
        return result
    }
}
