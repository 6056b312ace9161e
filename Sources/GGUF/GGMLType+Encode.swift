extension GGMLType {
    /// Whether `encode` and `GGUFWriter` can store Float32 values in this type.
    public var canEncode: Bool {
        switch self {
        case .f32, .f16, .bf16: return true
        default: return false
        }
    }

    /// Converts `values` to this type's bytes in `raw`, which must hold exactly `values.count` elements;
    /// F16 and BF16 round to nearest even, bit for bit as gguf-py (numpy) converts.
    public func encode(_ values: UnsafeBufferPointer<Float>, into raw: UnsafeMutableRawBufferPointer,
                       label: String = "raw buffer") throws(GGUFError) {
        guard canEncode else { throw unencodable(label) }
        let n = values.count
        guard raw.count == n * bytesPerBlock else {
            throw GGUFError(.bufferSizeMismatch,
                            "\(label): \(n) floats need \(n * bytesPerBlock) bytes of \(name), but the output holds \(raw.count).",
                            hint: "Size the output to the element count times \(bytesPerBlock).")
        }
        guard n > 0, let x = values.baseAddress, let y = raw.baseAddress else { return }
        switch self {
        case .f32: encodeF32(x, y, n)
        case .f16: encodeF16(x, y, n)
        case .bf16: encodeBF16(x, y, n)
        default: throw unencodable(label)
        }
    }

    func unencodable(_ label: String, fileID: String = #fileID, line: Int = #line) -> GGUFError {
        let supported = GGMLType.allCases.filter(\.canEncode).map(\.name).joined(separator: ", ")
        return GGUFError(.unsupportedWriteType,
                         "\(label) was asked to be written as \(name) (ggml type \(rawValue)), which this writer cannot "
                             + "encode from Float32; supported: \(supported).",
                         hint: "Write it as F32, F16 or BF16, then quantize the file with `llama-quantize in.gguf out.gguf \(name)`.",
                         file: fileID, line: line)
    }
}
