extension GGMLType {
    /// Dequantizes raw blocks of this type into `output`; `raw` must hold exactly `output.count` elements' blocks.
    public func dequantize(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<Float>,
                           label: String = "raw buffer") throws(GGUFError) {
        guard canDequantize else { throw unsupported(label) }
        let n = output.count
        guard n % blockSize == 0, raw.count == n / blockSize * bytesPerBlock else {
            throw GGUFError(.bufferSizeMismatch,
                            "\(label): \(raw.count) bytes of \(name) cannot fill an output of \(n) floats "
                                + "(\(name) stores \(blockSize) elements in \(bytesPerBlock) bytes).",
                            hint: "Size the output to the element count, a multiple of \(blockSize).")
        }
        guard n > 0, let x = raw.baseAddress, let y = output.baseAddress else { return }
        switch self {
        case .f32: dequantizeF32(x, y, n)
        case .f16: dequantizeF16(x, y, n)
        case .bf16: dequantizeBF16(x, y, n)
        case .q4_0: dequantizeQ4_0(x, y, n)
        case .q4_1: dequantizeQ4_1(x, y, n)
        case .q5_0: dequantizeQ5_0(x, y, n)
        case .q5_1: dequantizeQ5_1(x, y, n)
        case .q8_0: dequantizeQ8_0(x, y, n)
        case .q4_K: dequantizeQ4_K(x, y, n)
        case .q5_K: dequantizeQ5_K(x, y, n)
        case .q6_K: dequantizeQ6_K(x, y, n)
        default: throw unsupported(label)
        }
    }

    func unsupported(_ label: String, fileID: String = #fileID, line: Int = #line) -> GGUFError {
        let supported = GGMLType.allCases.filter(\.canDequantize).map(\.name).joined(separator: ", ")
        return GGUFError(.unsupportedQuantization,
                         "\(label) is \(name) (ggml type \(rawValue)), which this reader cannot dequantize; supported: \(supported).",
                         hint: "Re-quantize the model to a supported type, e.g. `llama-quantize --allow-requantize in.gguf "
                             + "out.gguf Q8_0`, or add a \(name) kernel next to QuantKernels.swift.",
                         file: fileID, line: line)
    }
}

extension GGUFFile {
    /// The tensor's elements as Float32 in GGUF order (ne[0] fastest), exactly as gguf-py's `dequantize` flattens them.
    public func dequantize(_ tensor: GGUFTensorInfo) throws(GGUFError) -> [Float] {
        try checkOwned(tensor)
        var failure: GGUFError?
        let values = [Float](unsafeUninitializedCapacity: tensor.elementCount) { buffer, initialized in
            do throws(GGUFError) {
                try dequantize(tensor, into: buffer)
                initialized = tensor.elementCount
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return values
    }

    /// Dequantizes the tensor named `name`; see `dequantize(_:)`.
    public func dequantize(named name: String) throws(GGUFError) -> [Float] {
        try dequantize(requireTensor(named: name))
    }

    /// Writes the tensor's elements into a caller-owned buffer holding exactly `elementCount` floats.
    public func dequantize(_ tensor: GGUFTensorInfo, into output: UnsafeMutableBufferPointer<Float>) throws(GGUFError) {
        try checkOwned(tensor)
        let label = "tensor '\(tensor.name)' (data at byte offset \(tensor.fileOffset)) in GGUF file '\(path)'"
        guard output.count == tensor.elementCount else {
            throw GGUFError(.bufferSizeMismatch,
                            "\(label) has \(tensor.elementCount) elements (dimensions \(tensor.dimensions)), "
                                + "but the output buffer holds \(output.count) floats.",
                            hint: "Allocate exactly tensor.elementCount floats.")
        }
        guard tensor.type.canDequantize else { throw tensor.type.unsupported(label) }
        try withRawBytes(of: tensor) { (raw) throws(GGUFError) in
            try tensor.type.dequantize(raw, into: output, label: label)
        }
    }

    /// Rejects infos that came from another file, whose offsets would not be valid in this mapping.
    private func checkOwned(_ tensor: GGUFTensorInfo) throws(GGUFError) {
        guard owns(tensor) else {
            throw GGUFError(.missingTensor,
                            "tensor '\(tensor.name)' was not read from GGUF file '\(path)' (no identical info at index \(tensor.index)).",
                            hint: "Look the tensor up with tensor(named:) on the same GGUFFile you dequantize from.")
        }
    }
}
