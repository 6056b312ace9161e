/// Reading: every check the reference reader makes, before any tensor byte is copied.
extension SafetensorsFile {
    /// Parses and validates a whole safetensors file held in memory.
    public static func parse(_ bytes: [UInt8]) throws(SafetensorsError) -> SafetensorsFile {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(SafetensorsError) in try parse(raw) } }
        return try result.get()
    }

    /// Parses and validates a whole safetensors file; each tensor's bytes are copied out once.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(SafetensorsError) -> SafetensorsFile {
        let length = try SafetensorsHeader.jsonLength(prefix: bytes, totalSize: bytes.count)
        let header = try SafetensorsHeader(json: UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + length)]),
                                           totalSize: bytes.count)
        let start = header.dataStart
        let tensors = try header.records.map { (record) throws(SafetensorsError) -> TensorEntry in
            let slice = UnsafeRawBufferPointer(rebasing: bytes[(start + record.begin)..<(start + record.end)])
            return try TensorEntry(name: record.name, dtype: record.dtype, shape: record.shape, data: Array(slice))
        }
        return try SafetensorsFile(tensors: tensors, metadata: header.metadata)
    }
}
