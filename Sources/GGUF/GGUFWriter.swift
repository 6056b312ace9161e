/// Builds a GGUF version 3 file: metadata entries in the order they were set, then tensors stored as
/// F32, F16 or BF16, the data section and every tensor aligned to `alignment`, as gguf-py and llama.cpp
/// lay files out.
///
/// Tensor values are not converted or copied when added: `write(to:)` converts and writes one tensor at a
/// time, so writing costs the caller's arrays (held by reference) plus one tensor, never a second copy of
/// the model. Not `Sendable`, because `addTensor(name:shape:as:fill:)` keeps the caller's closure.
public struct GGUFWriter {
    /// The GGUF version this writer produces.
    public static let version: UInt32 = 3
    /// llama.cpp rejects tensor names of GGML_MAX_NAME (64) bytes or more.
    public static let maxTensorNameBytes = 63
    /// ggml tensors have at most 4 dimensions (GGML_MAX_DIMS).
    public static let maxDimensions = 4

    /// Data-section and tensor alignment in bytes; written as `general.alignment` when not the default 32.
    public let alignment: Int
    /// Metadata keys in the order they will be written.
    public private(set) var metadataKeys: [String] = []
    /// Every metadata entry set so far, by key.
    public private(set) var metadata: [String: GGUFValue] = [:]
    /// Tensors in the order their infos and data will be written.
    private(set) var tensors: [PendingTensor] = []
    /// Each tensor's position by name, for the duplicate check.
    private(set) var tensorIndex: [String: Int] = [:]

    /// An empty file with tensor data aligned to `alignment` bytes, a power of two (ggml's padding
    /// arithmetic requires one, so anything else is a programming error).
    public init(alignment: Int = GGUFFile.defaultAlignment) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0 && alignment <= Int(UInt32.max),
                     "GGUF alignment must be a power of two that fits in UInt32, got \(alignment)")
        self.alignment = alignment
    }

    /// Tensor names in the order they will be written.
    public var tensorNames: [String] { tensors.map(\.name) }

    /// Adds metadata entry `key`; entries are written in the order they are set.
    ///
    /// Throws `duplicateKey` if `key` is already set, `invalidAlignment` if `key` is `general.alignment`
    /// with any value but this writer's alignment as UINT32, and `nestingTooDeep` for arrays nested deeper
    /// than the reader accepts.
    public mutating func set(_ key: String, _ value: GGUFValue) throws(GGUFError) {
        if let existing = metadata[key] {
            let position = metadataKeys.firstIndex(of: key) ?? -1
            throw GGUFError(.duplicateKey,
                            "GGUF writer: metadata key '\(key)' is already set (entry \(position), to \(describe(existing))); "
                                + "a file may hold each key once.",
                            hint: "Set each key once; build the value completely before calling set(_:_:).")
        }
        if key == "general.alignment", value != .uint32(UInt32(alignment)) {
            throw GGUFError(.invalidAlignment,
                            "GGUF writer: metadata key 'general.alignment' set to \(describe(value)), but this writer "
                                + "aligns tensor data to \(alignment) bytes; the file would lie about its layout.",
                            hint: "Omit the key (the writer adds it when the alignment is not 32) or set it to "
                                + ".uint32(\(alignment)); choose the alignment with GGUFWriter(alignment:).")
        }
        if case .array(let array) = value, array.nestingDepth > ByteCursor.maxArrayDepth {
            throw GGUFError(.nestingTooDeep,
                            "GGUF writer: metadata key '\(key)' nests arrays \(array.nestingDepth) levels deep; "
                                + "readers accept at most \(ByteCursor.maxArrayDepth).",
                            hint: "Flatten the value into fewer levels of arrays.")
        }
        metadataKeys.append(key)
        metadata[key] = value
    }

    /// Adds a tensor whose values are `values`, row-major for the NumPy/PyTorch `shape` (outermost first, the
    /// last dimension varying fastest), to be stored as `type` (F32, F16 or BF16).
    ///
    /// The array is kept by reference (copy-on-write), not copied; it is converted when the file is written.
    public mutating func addTensor(name: String, shape: [Int], values: [Float], as type: GGMLType) throws(GGUFError) {
        let (dimensions, count) = try validateTensor(name: name, shape: shape, type: type)
        try checkCount(values.count, of: name, shape: shape, expected: count)
        append(PendingTensor(name: name, dimensions: dimensions, type: type, elementCount: count, source: .values(values)))
    }

    /// Adds a tensor from memory the caller owns; see `addTensor(name:shape:values:as:)` for the layout.
    ///
    /// The values are copied, because the pointer is valid only during this call; to stream a large model
    /// without that copy, use `addTensor(name:shape:as:fill:)`.
    public mutating func addTensor(name: String, shape: [Int], values: UnsafeBufferPointer<Float>,
                                   as type: GGMLType) throws(GGUFError) {
        let (dimensions, count) = try validateTensor(name: name, shape: shape, type: type)
        try checkCount(values.count, of: name, shape: shape, expected: count)
        append(PendingTensor(name: name, dimensions: dimensions, type: type, elementCount: count, source: .values(Array(values))))
    }

    /// Adds a tensor whose values `fill` provides while the file is written: it is called once, during
    /// `write(to:)`, with a zeroed buffer of exactly the shape's element count to fill in row-major order.
    ///
    /// Nothing is held until then, so a model can be written from another file or from a flat parameter
    /// buffer with only one tensor's worth of extra memory; an error `fill` throws ends the write and
    /// leaves no file.
    public mutating func addTensor(name: String, shape: [Int], as type: GGMLType,
                                   fill: @escaping (UnsafeMutableBufferPointer<Float>) throws(GGUFError) -> Void) throws(GGUFError) {
        let (dimensions, count) = try validateTensor(name: name, shape: shape, type: type)
        append(PendingTensor(name: name, dimensions: dimensions, type: type, elementCount: count, source: .fill(fill)))
    }

    private mutating func append(_ tensor: PendingTensor) {
        tensorIndex[tensor.name] = tensors.count
        tensors.append(tensor)
    }

    private func describe(_ value: GGUFValue) -> String {
        if case .array(let a) = value { return "ARRAY of \(a.elementType) (\(a.count) elements)" }
        return "\(value)"
    }
}

extension GGUFArray {
    /// Levels of arrays in this value: 1 for an array of scalars, 2 for an array of such arrays, ...
    var nestingDepth: Int {
        guard case .array(let inner) = self else { return 1 }
        return 1 + (inner.map(\.nestingDepth).max() ?? 0)
    }
}
