/// A safetensors file in memory: named tensors plus string metadata, laid out as the reference writer does.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON (padded with spaces to a multiple
/// of 8), then the tensor bytes back to back. `tensors` is kept sorted by name (bytewise), which is
/// both the header order and the data order.
public struct SafetensorsFile: Sendable, Equatable {
    /// The tensors, sorted by name.
    public let tensors: [TensorEntry]
    /// The free-form `__metadata__` map.
    public let metadata: [String: String]

    /// Makes a file from tensors (any order; they are sorted by name) after checking names are unique.
    public init(tensors: [TensorEntry], metadata: [String: String] = [:]) throws(SafetensorsError) {
        let sorted = tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for (left, right) in zip(sorted, sorted.dropFirst()) where left.name == right.name {
            throw SafetensorsError(.duplicateName, "two tensors are named '\(left.name)'",
                                   hint: "give every tensor a unique name")
        }
        self.tensors = sorted
        self.metadata = metadata
    }

    /// The tensor with this name, if any.
    public func tensor(named name: String) -> TensorEntry? {
        tensors.first { $0.name == name }
    }

    /// The header block: the 8-byte length followed by the space-padded JSON.
    public func headerBytes() -> [UInt8] {
        HeaderCodec.encode(tensors: tensors, metadata: metadata)
    }

    /// The size of the serialized file in bytes.
    public var byteCount: Int {
        headerBytes().count + tensors.reduce(0) { $0 + $1.data.count }
    }

    /// Hands the serialized file to `sink` piece by piece (header, then each tensor's bytes) without
    /// assembling it, so a caller can compress or write a large model with no extra full copy.
    public func write<E: Error>(chunks sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        // `withUnsafeBytes` only rethrows untyped errors, so the typed error travels in a Result.
        try headerBytes().withUnsafeBytes { raw in Result { () throws(E) in try sink(raw) } }.get()
        for tensor in tensors where !tensor.data.isEmpty {
            try tensor.data.withUnsafeBytes { raw in Result { () throws(E) in try sink(raw) } }.get()
        }
    }

    /// The whole file as one byte array.
    public func serialize() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        write { (raw: UnsafeRawBufferPointer) in bytes.append(contentsOf: raw) }
        return bytes
    }
}
