/// Conversions between tensor bytes and `[Float]`, done with whole-buffer copies, not per-element calls.
extension TensorEntry {
    /// Makes an `F32` entry from floats; `shape` defaults to a vector.
    public init(name: String, shape: [Int]? = nil, floats: [Float]) throws(SafetensorsError) {
        let bytes = floats.withUnsafeBytes { raw in
            [UInt8](unsafeUninitializedCapacity: raw.count) { buffer, count in
                Self.copyLittleEndian(raw, into: UnsafeMutableRawBufferPointer(buffer), width: 4)
                count = raw.count
            }
        }
        try self.init(name: name, dtype: .f32, shape: shape ?? [floats.count], data: bytes)
    }

    /// Makes a `BF16` entry from floats, rounding each to nearest-even (NaN stays NaN).
    public init(name: String, shape: [Int]? = nil, bfloat16From floats: [Float]) throws(SafetensorsError) {
        var bytes = [UInt8](repeating: 0, count: floats.count * 2)
        for (index, value) in floats.enumerated() {
            let half = BFloat16Bits.from(value)
            bytes[2 * index] = UInt8(truncatingIfNeeded: half)
            bytes[2 * index + 1] = UInt8(truncatingIfNeeded: half >> 8)
        }
        try self.init(name: name, dtype: .bf16, shape: shape ?? [floats.count], data: bytes)
    }

    /// The elements as floats: `F32` is copied, `F16`/`BF16` widened exactly, `F64` rounded.
    public func floats() throws(SafetensorsError) -> [Float] {
        guard [.f32, .bf16, .f16, .f64].contains(dtype) else {
            throw SafetensorsError(.dtypeMismatch, "tensor '\(name)' is \(dtype.rawValue), not a floating-point type",
                                   hint: "read integer tensors through `data`")
        }
        let count = elementCount
        return data.withUnsafeBytes { raw in
            switch dtype {
            case .bf16:
                return (0..<count).map { Float(bitPattern: UInt32(Self.loadUInt16(raw, $0)) << 16) }
            case .f16:
                return (0..<count).map { HalfBits.toFloat(Self.loadUInt16(raw, $0)) }
            case .f64:
                return (0..<count).map {
                    Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0,
                                                                                      as: UInt64.self))))
                }
            default:
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    Self.copyLittleEndian(raw, into: UnsafeMutableRawBufferPointer(buffer), width: 4)
                    initialized = count
                }
            }
        }
    }

    private static func loadUInt16(_ raw: UnsafeRawBufferPointer, _ index: Int) -> UInt16 {
        UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
    }

    /// Copies elements of `width` bytes; a plain memcpy on little-endian hosts, byte-swapped otherwise.
    static func copyLittleEndian(_ source: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer,
                                 width: Int) {
        #if _endian(little)
        target.copyMemory(from: source)
        #else
        for start in stride(from: 0, to: source.count, by: width) {
            for byte in 0..<width { target[start + byte] = source[start + width - 1 - byte] }
        }
        #endif
    }
}
