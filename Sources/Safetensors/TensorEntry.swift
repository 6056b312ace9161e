/// One named tensor: its dtype, shape and raw little-endian bytes, as stored in a safetensors file.
public struct TensorEntry: Sendable, Equatable {
    /// The tensor's name, e.g. `h.0.attn.c_attn.weight`.
    public let name: String
    /// The element type.
    public let dtype: DType
    /// The dimensions, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// The elements, little-endian, row-major; exactly `elementCount * dtype.size` bytes.
    public let data: [UInt8]

    /// Makes an entry after checking the name and that `data` holds exactly shape × dtype-size bytes.
    public init(name: String, dtype: DType, shape: [Int], data: [UInt8]) throws(SafetensorsError) {
        try Self.validate(name: name)
        let expected = try Self.byteCount(dtype: dtype, shape: shape, name: name)
        guard data.count == expected else {
            throw SafetensorsError(.sizeMismatch,
                "tensor '\(name)' (\(dtype.rawValue) \(shape)) needs \(expected) bytes but has \(data.count)",
                hint: "pass data whose length is the product of the shape times \(dtype.size)")
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// The number of elements: the product of the shape (1 for a scalar).
    public var elementCount: Int { data.count / dtype.size }

    /// Rejects names a safetensors header cannot carry.
    static func validate(name: String) throws(SafetensorsError) {
        guard !name.isEmpty, name != "__metadata__" else {
            throw SafetensorsError(.invalidName, "tensor name '\(name)' is empty or reserved",
                                   hint: "give every tensor a non-empty name other than __metadata__")
        }
    }

    /// Shape product × dtype size, refusing negative dimensions and overflow.
    static func byteCount(dtype: DType, shape: [Int], name: String) throws(SafetensorsError) -> Int {
        var count = dtype.size
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard dim >= 0, !overflow else {
                throw SafetensorsError(.invalidShape, "tensor '\(name)' has an invalid shape \(shape)",
                                       hint: "dimensions must be non-negative and their product must fit in memory")
            }
            count = product
        }
        return count
    }
}
