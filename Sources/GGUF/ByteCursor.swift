/// A bounds-checked little-endian reader over the file's bytes; every read names what it reads for errors.
struct ByteCursor {
    let base: UnsafeRawPointer
    let count: Int
    let fileName: String
    /// Byte offset of the next read from the start of the file.
    var offset: Int = 0

    init(_ storage: GGUFStorage) {
        base = storage.base
        count = storage.count
        fileName = storage.name
    }

    var remaining: Int { count - offset }

    /// Throws `truncated` unless `byteCount` more bytes exist; `what` describes the field for the message.
    func require(_ byteCount: Int, _ what: @autoclosure () -> String) throws(GGUFError) {
        guard byteCount >= 0, byteCount <= remaining else {
            throw GGUFError(.truncated,
                            "GGUF file '\(fileName)' ends while reading \(what()) at byte offset \(offset): "
                                + "needs \(byteCount < 0 ? "more than \(remaining)" : String(byteCount)) bytes, only \(max(remaining, 0)) left (file size \(count)).",
                            hint: "The file is truncated or corrupt; download or convert it again.")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(GGUFError) -> T {
        try require(MemoryLayout<T>.size, what())
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    /// Reads a uint64 that must fit in Int, since lengths and dimensions index Swift memory.
    mutating func readLength(_ what: @autoclosure () -> String) throws(GGUFError) -> Int {
        let start = offset
        let raw = try read(UInt64.self, what())
        guard let value = Int(exactly: raw), value <= count else {
            throw GGUFError(.truncated,
                            "GGUF file '\(fileName)' has \(what()) = \(raw) at byte offset \(start), "
                                + "larger than the whole file (\(count) bytes).",
                            hint: "The file is truncated or corrupt; download or convert it again.")
        }
        return value
    }

    /// GGUF strings are a uint64 byte length then UTF-8 without a terminator.
    mutating func readString(_ what: @autoclosure () -> String) throws(GGUFError) -> String {
        let length = try readLength("the length of \(what())")
        try require(length, what())
        // Invalid UTF-8 is repaired with U+FFFD rather than rejected: llama.cpp treats strings as raw bytes.
        let text = String(decoding: UnsafeRawBufferPointer(start: base + offset, count: length), as: UTF8.self)
        offset += length
        return text
    }

    /// Reads `n` fixed-width integers in one bounds check; this is the hot path for 49k-entry arrays.
    mutating func readArray<T: FixedWidthInteger>(_: T.Type, _ n: Int, _ what: @autoclosure () -> String) throws(GGUFError) -> [T] {
        let stride = MemoryLayout<T>.size
        let (bytes, overflow) = n.multipliedReportingOverflow(by: stride)
        try require(overflow ? -1 : bytes, what())
        let start = base + offset
        let values = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n {
                buffer[i] = T(littleEndian: start.loadUnaligned(fromByteOffset: i * stride, as: T.self))
            }
            initialized = n
        }
        offset += bytes
        return values
    }
}
