/// One tensor's header entry, validated against the file it came from.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor name, e.g. `blk.0.attn_q.weight`.
    public let name: String
    /// Dimensions in GGUF order: `dimensions[0]` (ne[0]) varies fastest, the reverse of NumPy/PyTorch shapes.
    public let dimensions: [Int]
    /// Element encoding.
    public let type: GGMLType
    /// Offset of the first byte from the start of the data section, as stored in the file.
    public let offset: Int
    /// Offset of the first byte from the start of the file (data section start + `offset`).
    public let fileOffset: Int
    /// Product of the dimensions (1 for a scalar with no dimensions).
    public let elementCount: Int
    /// Bytes the tensor occupies: elementCount / blockSize * bytesPerBlock.
    public let byteCount: Int
    /// Position in the file's tensor list, which is also the order of the data section.
    public let index: Int

    /// Row-major shape as NumPy/PyTorch print it (dimensions reversed), for logs and comparisons with Python.
    public var shape: [Int] { dimensions.reversed() }
}
