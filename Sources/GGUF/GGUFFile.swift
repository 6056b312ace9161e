/// A parsed, validated GGUF file whose tensor bytes stay in a read-only memory map until dequantized.
public final class GGUFFile: Sendable {
    /// The path (or in-memory label) used in error messages.
    public let path: String
    /// GGUF format version, 2 or 3 (they differ only in v3 allowing big-endian files, which are rejected).
    public let version: UInt32
    /// Every metadata entry by key.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order, since dictionaries lose the order llama.cpp tools print.
    public let metadataKeys: [String]
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// Data-section alignment in bytes (`general.alignment`, default 32).
    public let alignment: Int
    /// Byte offset of the data section from the start of the file; tensor offsets are relative to it.
    public let dataOffset: Int

    let storage: GGUFStorage
    /// Byte offset of each metadata entry's key, so accessor errors can say where the value lives.
    let metadataOffsets: [String: Int]
    private let tensorIndex: [String: Int]

    /// The alignment GGUF uses when `general.alignment` is absent.
    public static let defaultAlignment = 32

    /// Maps the file at `path` read-only and parses and validates its header, metadata and tensor infos.
    public convenience init(path: String) throws(GGUFError) {
        try self.init(storage: GGUFStorage(path: path))
    }

    /// Parses a GGUF image held in memory (copied), e.g. one built by a test or received over a socket.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(GGUFError) {
        try self.init(storage: GGUFStorage(bytes: bytes, name: name))
    }

    init(storage: GGUFStorage) throws(GGUFError) {
        var cursor = ByteCursor(storage)
        let header = try Self.readHeader(&cursor)
        let table = try Self.readMetadata(&cursor, count: header.metadataCount)
        let alignment = try Self.alignment(in: table, fileName: storage.name)
        let raw = try cursor.readTensorInfos(count: header.tensorCount)
        // The data section starts at the next multiple of the alignment after the tensor infos.
        let dataOffset = (cursor.offset + alignment - 1) / alignment * alignment
        let tensors = try Self.validate(raw, dataOffset: dataOffset, alignment: alignment,
                                        fileSize: storage.count, fileName: storage.name)
        var index: [String: Int] = [:]
        index.reserveCapacity(tensors.count)
        for tensor in tensors {
            if let first = index.updateValue(tensor.index, forKey: tensor.name) {
                throw GGUFError(.duplicateTensorName,
                                "GGUF file '\(storage.name)' has two tensors named '\(tensor.name)' "
                                    + "(entries \(first) and \(tensor.index), the second at byte offset \(raw[tensor.index].infoOffset)).",
                                hint: "The file is corrupt or was written by a buggy converter; re-convert the model.")
            }
        }
        self.storage = storage
        self.path = storage.name
        self.version = header.version
        self.metadata = table.values
        self.metadataKeys = table.keys
        self.metadataOffsets = table.offsets
        self.alignment = alignment
        self.dataOffset = dataOffset
        self.tensors = tensors
        self.tensorIndex = index
    }

    /// Size of the file in bytes.
    public var byteCount: Int { storage.count }

    /// The tensor info named `name`, or nil when the file has no such tensor.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The tensor info named `name`; throws `missingTensor` listing a few names that do exist.
    public func requireTensor(named name: String) throws(GGUFError) -> GGUFTensorInfo {
        guard let info = tensor(named: name) else {
            let sample = tensors.prefix(5).map { "'\($0.name)'" }.joined(separator: ", ")
            throw GGUFError(.missingTensor,
                            "GGUF file '\(path)' has no tensor named '\(name)' (it has \(tensors.count) tensors, e.g. \(sample)).",
                            hint: "Check the name against `tensors`; llama.cpp names look like 'blk.0.attn_q.weight'.")
        }
        return info
    }

    /// Calls `body` with the tensor's raw bytes, valid only during the call because they live in the mapping.
    public func withRawBytes<R, E: Error>(of tensor: GGUFTensorInfo,
                                          _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        // An info from another file would address foreign offsets; that is a programming error, not bad data.
        precondition(owns(tensor), "tensor '\(tensor.name)' was not read from GGUF file '\(path)'")
        return try body(UnsafeRawBufferPointer(start: storage.base + tensor.fileOffset, count: tensor.byteCount))
    }

    /// Whether `tensor` is this file's info at its index (validated against this mapping's size).
    func owns(_ tensor: GGUFTensorInfo) -> Bool {
        tensor.index >= 0 && tensor.index < tensors.count && tensors[tensor.index] == tensor
    }
}
