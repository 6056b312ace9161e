/// A validated safetensors header: where each tensor's bytes lie, checked before any byte is read.
///
/// Lets a streaming reader (e.g. a decompressor) read the prefix and the JSON first, then fill each
/// tensor straight from the stream.
public struct SafetensorsHeader: Sendable {
    /// One tensor's place in the data section.
    public struct Record: Sendable, Equatable {
        /// The tensor name.
        public var name: String
        /// The element type.
        public var dtype: DType
        /// The dimensions.
        public var shape: [Int]
        /// First byte, relative to the start of the data section.
        public var begin: Int
        /// One past the last byte, relative to the start of the data section.
        public var end: Int
    }

    /// The `__metadata__` map.
    public let metadata: [String: String]
    /// The tensors in data order (by `begin`); contiguous, covering the data section exactly.
    public let records: [Record]
    /// The JSON length N from the 8-byte prefix; the data section starts at `8 + N`.
    public let jsonLength: Int

    /// The offset of the data section from the start of the file.
    public var dataStart: Int { 8 + jsonLength }

    /// Reads the 8-byte little-endian prefix and checks it fits a file of `totalSize` bytes.
    public static func jsonLength(prefix: UnsafeRawBufferPointer, totalSize: Int) throws(SafetensorsError) -> Int {
        guard prefix.count >= 8, totalSize >= 8 else {
            throw SafetensorsError(.truncated, "the data is \(min(prefix.count, totalSize)) bytes, shorter than the 8-byte header length",
                                   hint: "the file is truncated; restore it from a copy")
        }
        let declared = UInt64(littleEndian: prefix.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(HeaderCodec.maxHeaderLength) else {
            throw SafetensorsError(.headerTooLarge, "the header length \(declared) exceeds \(HeaderCodec.maxHeaderLength)",
                                   hint: "the file is corrupt or not a safetensors file")
        }
        guard Int(declared) <= totalSize - 8 else {
            throw SafetensorsError(.truncated, "the header claims \(declared) bytes but only \(totalSize - 8) follow",
                                   hint: "the file is truncated; restore it from a copy")
        }
        return Int(declared)
    }

    /// Parses the JSON (the N bytes after the prefix) and checks dtypes, sizes and offsets against
    /// a file of `totalSize` bytes: in bounds, non-overlapping, contiguous, covering all the data.
    public init(json: UnsafeRawBufferPointer, totalSize: Int) throws(SafetensorsError) {
        guard json.first == UInt8(ascii: "{") else {
            throw SafetensorsError(.invalidJSON, "the header does not start with '{'",
                                   hint: "the file is corrupt or not a safetensors file")
        }
        let (metadata, unsorted) = try HeaderCodec.decode(json)
        let records = unsorted.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        let dataLength = totalSize - 8 - json.count
        var expectedBegin = 0
        for record in records {
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
        self.metadata = metadata
        self.records = records
        self.jsonLength = json.count
    }
}
