/// Reading: every check the reference reader makes, before any tensor byte is copied.
extension SafetensorsFile {
    /// Parses and validates a whole safetensors file held in memory.
    public static func parse(_ bytes: [UInt8]) throws(SafetensorsError) -> SafetensorsFile {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(SafetensorsError) in try parse(raw) } }
        return try result.get()
    }

    /// Parses and validates a whole safetensors file; each tensor's bytes are copied out once.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(SafetensorsError) -> SafetensorsFile {
        let (dataStart, metadata, records) = try validateHeader(bytes)
        let tensors = try records.map { (record) throws(SafetensorsError) -> TensorEntry in
            let slice = UnsafeRawBufferPointer(rebasing: bytes[(dataStart + record.begin)..<(dataStart + record.end)])
            return try TensorEntry(name: record.name, dtype: record.dtype, shape: record.shape, data: Array(slice))
        }
        return try SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Checks length prefix, JSON, dtypes, sizes and offsets (in bounds, contiguous, covering all data).
    static func validateHeader(_ bytes: UnsafeRawBufferPointer) throws(SafetensorsError)
        -> (dataStart: Int, metadata: [String: String], records: [HeaderCodec.Record]) {
        guard bytes.count >= 8 else {
            throw SafetensorsError(.truncated, "the data is \(bytes.count) bytes, shorter than the 8-byte header length",
                                   hint: "the file is truncated; restore it from a copy")
        }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(HeaderCodec.maxHeaderLength) else {
            throw SafetensorsError(.headerTooLarge, "the header length \(declared) exceeds \(HeaderCodec.maxHeaderLength)",
                                   hint: "the file is corrupt or not a safetensors file")
        }
        let dataStart = 8 + Int(declared)
        guard dataStart <= bytes.count else {
            throw SafetensorsError(.truncated, "the header claims \(declared) bytes but only \(bytes.count - 8) follow",
                                   hint: "the file is truncated; restore it from a copy")
        }
        guard declared > 0, bytes[8] == UInt8(ascii: "{") else {
            throw SafetensorsError(.invalidJSON, "the header does not start with '{'",
                                   hint: "the file is corrupt or not a safetensors file")
        }
        let (metadata, records) = try HeaderCodec.decode(UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]))
        let dataLength = bytes.count - dataStart
        var expectedBegin = 0
        for record in records.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            try TensorEntry.validate(name: record.name)
            guard record.begin == expectedBegin, record.end >= record.begin, record.end <= dataLength else {
                throw SafetensorsError(.badOffsets,
                    "tensor '\(record.name)' has data_offsets [\(record.begin), \(record.end)] but the previous tensor "
                    + "ends at \(expectedBegin) and the data holds \(dataLength) bytes",
                    hint: "tensors must be contiguous, non-overlapping and inside the file; it is corrupt or truncated")
            }
            let size = try TensorEntry.byteCount(dtype: record.dtype, shape: record.shape, name: record.name)
            guard record.end - record.begin == size else {
                throw SafetensorsError(.sizeMismatch,
                    "tensor '\(record.name)' (\(record.dtype.rawValue) \(record.shape)) needs \(size) bytes "
                    + "but data_offsets give \(record.end - record.begin)",
                    hint: "the header is corrupt; re-create the file")
            }
            expectedBegin = record.end
        }
        guard expectedBegin == dataLength else {
            throw SafetensorsError(.badOffsets,
                "the tensors cover \(expectedBegin) bytes but \(dataLength) bytes of data follow the header",
                hint: "the file has trailing bytes or is corrupt; re-create it")
        }
        return (dataStart, metadata, records)
    }
}
