extension ByteCursor {
    /// Nested arrays are legal but never deep in practice; the cap keeps a crafted file from exhausting the stack.
    static let maxArrayDepth = 16

    mutating func readValueType(_ what: @autoclosure () -> String) throws(GGUFError) -> GGUFValueType {
        let start = offset
        let raw = try read(UInt32.self, what())
        guard let type = GGUFValueType(rawValue: raw) else {
            throw GGUFError(.invalidValueType,
                            "GGUF file '\(fileName)' has unknown value type id \(raw) for \(what()) at byte offset \(start); "
                                + "valid ids are 0...12.",
                            hint: "The file is corrupt or from a newer GGUF revision; re-export it with a current gguf-py or llama.cpp.")
        }
        return type
    }

    /// Reads one value of `type` (already consumed) for metadata key `key`.
    mutating func readValue(_ type: GGUFValueType, key: String, depth: Int = 0) throws(GGUFError) -> GGUFValue {
        let what = "the \(type) value of metadata key '\(key)'"
        switch type {
        case .uint8: return .uint8(try read(UInt8.self, what))
        case .int8: return .int8(try read(Int8.self, what))
        case .uint16: return .uint16(try read(UInt16.self, what))
        case .int16: return .int16(try read(Int16.self, what))
        case .uint32: return .uint32(try read(UInt32.self, what))
        case .int32: return .int32(try read(Int32.self, what))
        case .float32: return .float32(Float(bitPattern: try read(UInt32.self, what)))
        case .bool: return .bool(try read(UInt8.self, what) != 0)
        case .string: return .string(try readString(what))
        case .uint64: return .uint64(try read(UInt64.self, what))
        case .int64: return .int64(try read(Int64.self, what))
        case .float64: return .float64(Double(bitPattern: try read(UInt64.self, what)))
        case .array: return .array(try readArrayValue(key: key, depth: depth + 1))
        }
    }

    /// Reads an array header (element type, uint64 count) and its elements into a typed Swift array.
    mutating func readArrayValue(key: String, depth: Int) throws(GGUFError) -> GGUFArray {
        let start = offset
        guard depth <= Self.maxArrayDepth else {
            throw GGUFError(.nestingTooDeep,
                            "GGUF file '\(fileName)' nests arrays deeper than \(Self.maxArrayDepth) levels in metadata key '\(key)' "
                                + "at byte offset \(start).",
                            hint: "The file is corrupt or hostile; regenerate it with gguf-py or llama.cpp.")
        }
        let elementType = try readValueType("the array element type of metadata key '\(key)'")
        let n = try readLength("the array length of metadata key '\(key)'")
        let what = "the \(n) \(elementType) elements of metadata key '\(key)'"
        switch elementType {
        case .uint8: return .uint8(try readArray(UInt8.self, n, what))
        case .int8: return .int8(try readArray(Int8.self, n, what))
        case .uint16: return .uint16(try readArray(UInt16.self, n, what))
        case .int16: return .int16(try readArray(Int16.self, n, what))
        case .uint32: return .uint32(try readArray(UInt32.self, n, what))
        case .int32: return .int32(try readArray(Int32.self, n, what))
        case .float32: return .float32(try readArray(UInt32.self, n, what).map(Float.init(bitPattern:)))
        case .bool: return .bool(try readArray(UInt8.self, n, what).map { $0 != 0 })
        case .uint64: return .uint64(try readArray(UInt64.self, n, what))
        case .int64: return .int64(try readArray(Int64.self, n, what))
        case .float64: return .float64(try readArray(UInt64.self, n, what).map(Double.init(bitPattern:)))
        case .string:
            // Each string needs at least its 8-byte length; checking first keeps a bad count from a huge reserve.
            try require(n <= remaining / 8 ? 0 : -1, what)
            var strings: [String] = []
            strings.reserveCapacity(n)
            for i in 0..<n {
                strings.append(try readString("string \(i) of metadata key '\(key)'"))
            }
            return .string(strings)
        case .array:
            // Each inner array needs at least its 4-byte type and 8-byte count.
            try require(n <= remaining / 12 ? 0 : -1, what)
            var arrays: [GGUFArray] = []
            arrays.reserveCapacity(n)
            for _ in 0..<n {
                arrays.append(try readArrayValue(key: key, depth: depth + 1))
            }
            return .array(arrays)
        }
    }
}
