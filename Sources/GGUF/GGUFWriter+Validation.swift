extension GGUFWriter {
    /// Checks what llama.cpp would reject on load, so a bad tensor fails when added rather than when
    /// the file is used: the type, the name, and the shape. Returns the GGUF dimensions and element count.
    func validateTensor(name: String, shape: [Int], type: GGMLType) throws(GGUFError) -> (dimensions: [Int], count: Int) {
        let what = "GGUF writer: tensor '\(name)' (shape \(shape), tensor \(tensors.count) of the file)"
        guard type.canEncode else { throw type.unencodable(what) }
        guard !name.isEmpty, name.utf8.count <= Self.maxTensorNameBytes else {
            throw GGUFError(.invalidTensorName,
                            "\(what) has a \(name.utf8.count)-byte name; names must be 1 to \(Self.maxTensorNameBytes) bytes of UTF-8.",
                            hint: "Use llama.cpp's short names, e.g. 'blk.0.attn_q.weight'; llama.cpp rejects names of 64 bytes or more.")
        }
        if let first = tensorIndex[name] {
            throw GGUFError(.duplicateTensorName,
                            "\(what) has the same name as tensor \(first); names must be unique within a file.",
                            hint: "Give every tensor its own name, e.g. with the block index: 'blk.N.ffn_up.weight'.")
        }
        guard (1...Self.maxDimensions).contains(shape.count) else {
            throw GGUFError(.invalidTensorShape,
                            "\(what) has \(shape.count) dimensions; ggml tensors have 1 to \(Self.maxDimensions).",
                            hint: "Reshape it, e.g. a scalar to [1] or a 5-D tensor by merging its outer dimensions.")
        }
        var count = 1
        for (axis, d) in shape.enumerated() {
            guard d >= 1 else {
                throw GGUFError(.invalidTensorShape,
                                "\(what) has dimension \(axis) = \(d); every dimension must be at least 1.",
                                hint: "Pass the NumPy-style shape (outermost first) of a non-empty tensor, e.g. [rows, columns].")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, !product.multipliedReportingOverflow(by: type.bytesPerBlock).overflow else {
                throw GGUFError(.invalidTensorShape, "\(what) has more bytes of \(type) than fit in Int64.",
                                hint: "Check the shape; it is far larger than any model.")
            }
            count = product
        }
        // GGUF stores ne[0], the fastest-varying (last NumPy) dimension, first.
        return (shape.reversed(), count)
    }

    /// Throws `bufferSizeMismatch` unless `given` values fill a tensor of `expected` elements.
    func checkCount(_ given: Int, of name: String, shape: [Int], expected: Int) throws(GGUFError) {
        guard given == expected else {
            throw GGUFError(.bufferSizeMismatch,
                            "GGUF writer: tensor '\(name)' has shape \(shape) (\(expected) elements), but \(given) values were given.",
                            hint: "Pass exactly the product of the shape's dimensions, row-major (the last dimension varies fastest).")
        }
    }
}
