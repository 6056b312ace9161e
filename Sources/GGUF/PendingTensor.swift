/// A tensor added to a `GGUFWriter`, validated, waiting for `write(to:)`.
struct PendingTensor {
    /// Where the values come from when the file is written.
    enum Source {
        /// A caller's array, held by reference.
        case values([Float])
        /// A closure that fills a buffer of `elementCount` floats.
        case fill((UnsafeMutableBufferPointer<Float>) throws(GGUFError) -> Void)
    }

    let name: String
    /// Dimensions in GGUF order (ne[0] varies fastest): the NumPy shape reversed, as `GGUFTensorInfo` stores them.
    let dimensions: [Int]
    let type: GGMLType
    let elementCount: Int
    let source: Source

    /// Whether the values are produced during the write (and so need the writer's scratch buffer).
    var isFilled: Bool {
        if case .fill = source { return true }
        return false
    }

    /// Bytes of tensor data, without alignment padding (element types have block size 1).
    var byteCount: Int { elementCount * type.bytesPerBlock }
}
