/// A 1-based line and column in a UTF-8 buffer, for pointing users at a byte offset.
struct TextPosition: Sendable, Equatable {
    var line: Int
    /// Counted in Unicode scalars, which is what editors show for most text.
    var column: Int

    /// The position of `offset` in `bytes`, counting lines from `start`.
    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) {
        var line = 1
        var lineStart = start
        let limit = min(offset, bytes.count)
        var index = start
        while index < limit {
            if bytes[index] == 0x0a {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        // UTF-8 continuation bytes (10xxxxxx) do not start a scalar.
        let scalars = bytes[lineStart..<limit].reduce(0) { $0 + ($1 & 0xc0 == 0x80 ? 0 : 1) }
        self.line = line
        self.column = scalars + 1
    }

    /// The offset of the first byte that is not valid UTF-8, or nil when all of `bytes` is valid.
    static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
