/// Builds the bytes before the data section (header, metadata, tensor infos) in little-endian order;
/// the inverse of `ByteCursor`. Held in memory because even a 49k-token vocabulary is only a few MB.
struct HeaderBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// GGUF strings are a uint64 byte length then UTF-8 without a terminator.
    mutating func append(_ string: String) {
        append(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    /// One metadata entry: key, value type id, value.
    mutating func appendEntry(_ key: String, _ value: GGUFValue) {
        append(key)
        append(value.type.rawValue)
        appendValue(value)
    }

    mutating func appendValue(_ value: GGUFValue) {
        switch value {
        case .uint8(let v): append(v)
        case .int8(let v): append(v)
        case .uint16(let v): append(v)
        case .int16(let v): append(v)
        case .uint32(let v): append(v)
        case .int32(let v): append(v)
        case .float32(let v): append(v.bitPattern)
        case .bool(let v): append(UInt8(v ? 1 : 0))
        case .string(let v): append(v)
        case .uint64(let v): append(v)
        case .int64(let v): append(v)
        case .float64(let v): append(v.bitPattern)
        case .array(let a): appendArray(a)
        }
    }

    /// Element type id, uint64 count, then the elements; nested arrays repeat this per element.
    mutating func appendArray(_ array: GGUFArray) {
        append(array.elementType.rawValue)
        append(UInt64(array.count))
        switch array {
        case .uint8(let a): bytes.append(contentsOf: a)
        case .int8(let a): for v in a { append(v) }
        case .uint16(let a): for v in a { append(v) }
        case .int16(let a): for v in a { append(v) }
        case .uint32(let a): for v in a { append(v) }
        case .int32(let a): for v in a { append(v) }
        case .float32(let a): for v in a { append(v.bitPattern) }
        case .bool(let a): for v in a { append(UInt8(v ? 1 : 0)) }
        case .string(let a): for v in a { append(v) }
        case .uint64(let a): for v in a { append(v) }
        case .int64(let a): for v in a { append(v) }
        case .float64(let a): for v in a { append(v.bitPattern) }
        case .array(let a): for v in a { appendArray(v) }
        }
    }

    /// One tensor info: name, uint32 dimension count, uint64 dimensions (ne[0] first), uint32 ggml type, uint64 offset.
    mutating func appendTensorInfo(name: String, dimensions: [Int], type: GGMLType, offset: Int) {
        append(name)
        append(UInt32(dimensions.count))
        for d in dimensions { append(UInt64(d)) }
        append(type.rawValue)
        append(UInt64(offset))
    }

    /// Zero bytes up to the next multiple of `alignment`.
    mutating func pad(to alignment: Int) {
        bytes.append(contentsOf: repeatElement(0, count: paddingLength(bytes.count, alignment)))
    }
}

/// Bytes needed after `length` bytes to reach the next multiple of `alignment` (a power of two).
func paddingLength(_ length: Int, _ alignment: Int) -> Int {
    (alignment - length % alignment) % alignment
}
