extension GGUFFile {
    struct Header {
        var version: UInt32
        var tensorCount: Int
        var metadataCount: Int
    }

    struct MetadataTable {
        var values: [String: GGUFValue] = [:]
        var keys: [String] = []
        var offsets: [String: Int] = [:]
    }

    /// Magic, version and the two counts; the counts are checked against the bytes left so corrupt
    /// values fail fast instead of allocating.
    static func readHeader(_ cursor: inout ByteCursor) throws(GGUFError) -> Header {
        let name = cursor.fileName
        try cursor.require(4, "the 4-byte magic")
        let magic = (0..<4).map { cursor.base.load(fromByteOffset: $0, as: UInt8.self) }
        guard magic == Array("GGUF".utf8) else {
            let hex = magic.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            throw GGUFError(.badMagic,
                            "'\(name)' is not a GGUF file: bytes 0-3 are [\(hex)], expected 'GGUF' [47 47 55 46].",
                            hint: "Pass a .gguf file; older GGML/GGJT .bin files must be re-converted with llama.cpp's convert_hf_to_gguf.py.")
        }
        cursor.offset = 4
        let version = try cursor.read(UInt32.self, "the version")
        guard version == 2 || version == 3 else {
            let why = version == 1
                ? "version 1 (used 32-bit counts and is no longer supported)"
                : version & 0xFFFF == 0
                ? "version \(version), which is a version stored big-endian"
                : "version \(version)"
            throw GGUFError(.unsupportedVersion,
                            "GGUF file '\(name)' is \(why) at byte offset 4; this reader supports versions 2 and 3, little-endian.",
                            hint: "Re-convert the model with a current llama.cpp or gguf-py, which writes little-endian version 3.")
        }
        let tensorCount = try readCount(&cursor, "the tensor count", minBytesEach: 24)
        let metadataCount = try readCount(&cursor, "the metadata key/value count", minBytesEach: 12)
        return Header(version: version, tensorCount: tensorCount, metadataCount: metadataCount)
    }

    private static func readCount(_ cursor: inout ByteCursor, _ what: String, minBytesEach: Int) throws(GGUFError) -> Int {
        let start = cursor.offset
        let raw = try cursor.read(UInt64.self, what)
        let remaining = cursor.remaining
        guard let n = Int(exactly: raw), n <= remaining / minBytesEach else {
            throw GGUFError(.truncated,
                            "GGUF file '\(cursor.fileName)' announces \(raw) as \(what) at byte offset \(start), "
                                + "but only \(remaining) bytes follow (each entry needs at least \(minBytesEach)).",
                            hint: "The file is truncated or corrupt; download or convert it again.")
        }
        return n
    }

    static func readMetadata(_ cursor: inout ByteCursor, count: Int) throws(GGUFError) -> MetadataTable {
        var table = MetadataTable()
        table.values.reserveCapacity(count)
        table.keys.reserveCapacity(count)
        for i in 0..<count {
            let start = cursor.offset
            let key = try cursor.readString("the key of metadata entry \(i)")
            let type = try cursor.readValueType("metadata key '\(key)'")
            let value = try cursor.readValue(type, key: key)
            if let first = table.offsets[key] {
                throw GGUFError(.duplicateKey,
                                "GGUF file '\(cursor.fileName)' has metadata key '\(key)' twice, at byte offsets \(first) and \(start).",
                                hint: "The file is corrupt or was written by a buggy converter; re-convert the model.")
            }
            table.values[key] = value
            table.keys.append(key)
            table.offsets[key] = start
        }
        return table
    }

    static func alignment(in table: MetadataTable, fileName: String) throws(GGUFError) -> Int {
        let key = "general.alignment"
        guard let value = table.values[key] else { return defaultAlignment }
        // The spec and gguf-py require uint32; ggml also requires a power of two so padding arithmetic works.
        guard case .uint32(let raw) = value, raw != 0, raw & (raw - 1) == 0 else {
            throw GGUFError(.invalidAlignment,
                            "GGUF file '\(fileName)' has \(key) = \(value) (type \(value.type)) at byte offset "
                                + "\(table.offsets[key] ?? 0); it must be a non-zero power of two stored as UINT32.",
                            hint: "Remove the key (the default is \(defaultAlignment)) or rewrite it as a UINT32 power of two.")
        }
        return Int(raw)
    }
}
