extension GGUFWriter {
    /// Elements converted per write for F16 and BF16: 64 Ki (128 KiB out), large enough to amortize the
    /// system call, small enough to stay in cache.
    static let chunkElements = 1 << 16

    /// Writes the file to `path` atomically: a temporary in the same directory is written, fsynced and
    /// renamed over `path`, so readers see the old file or the complete new one, never a partial one.
    ///
    /// The header is built first with every tensor's offset computed from its size, then each tensor is
    /// converted and written in turn; peak extra memory is one tensor (for `fill` tensors) plus a small
    /// conversion buffer. Throws `io` naming the path and the failed step if the file cannot be written,
    /// and rethrows what a `fill` closure throws; on any error the temporary is removed.
    public func write(to path: String) throws(GGUFError) {
        var offsets: [Int] = []
        var next = 0
        for tensor in tensors {
            offsets.append(next)
            next += tensor.byteCount + paddingLength(tensor.byteCount, alignment)
        }
        let header = headerBytes(offsets: offsets)

        var file = try AtomicFile(replacing: path)
        try file.write(header)
        let dataStart = file.byteCount

        let fillCapacity = tensors.lazy.filter(\.isFilled).map(\.elementCount).max() ?? 0
        let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: fillCapacity)
        defer { scratch.deallocate() }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * Self.chunkElements, alignment: 16)
        defer { chunk.deallocate() }

        for (tensor, offset) in zip(tensors, offsets) {
            assert(file.byteCount == dataStart + offset, "tensor '\(tensor.name)' would not start at its stored offset")
            switch tensor.source {
            case .values(let values):
                try values.withUnsafeBufferPointer { (floats) throws(GGUFError) in
                    try Self.writeData(floats, as: tensor, to: &file, chunk: chunk)
                }
            case .fill(let fill):
                let buffer = UnsafeMutableBufferPointer(rebasing: scratch[0 ..< tensor.elementCount])
                // Zeroed so a closure that skips elements cannot leak the previous tensor's values into this one.
                buffer.update(repeating: 0)
                try fill(buffer)
                try Self.writeData(UnsafeBufferPointer(buffer), as: tensor, to: &file, chunk: chunk)
            }
            try file.writeZeros(paddingLength(tensor.byteCount, alignment))
        }
        try file.commit()
    }

    /// Magic, version, counts, metadata, tensor infos, and padding up to the data section.
    func headerBytes(offsets: [Int]) -> [UInt8] {
        // A non-default alignment must be declared, or readers would look for the data at 32-byte boundaries.
        let declaresAlignment = alignment != GGUFFile.defaultAlignment && metadata["general.alignment"] == nil
        var header = HeaderBuilder()
        for byte in "GGUF".utf8 { header.append(byte) }
        header.append(Self.version)
        header.append(UInt64(tensors.count))
        header.append(UInt64(metadataKeys.count + (declaresAlignment ? 1 : 0)))
        for key in metadataKeys {
            // Keys come from set(_:_:), which stores a value for every key it appends.
            header.appendEntry(key, metadata[key]!)
        }
        if declaresAlignment { header.appendEntry("general.alignment", .uint32(UInt32(alignment))) }
        for (tensor, offset) in zip(tensors, offsets) {
            header.appendTensorInfo(name: tensor.name, dimensions: tensor.dimensions, type: tensor.type, offset: offset)
        }
        header.pad(to: alignment)
        return header.bytes
    }

    /// Writes one tensor's values in its type: F32 straight from the floats, F16 and BF16 through `chunk`.
    private static func writeData(_ values: UnsafeBufferPointer<Float>, as tensor: PendingTensor,
                                  to file: inout AtomicFile, chunk: UnsafeMutableRawBufferPointer) throws(GGUFError) {
        if tensor.type == .f32 {
            try file.write(UnsafeRawBufferPointer(values))
            return
        }
        let label = "tensor '\(tensor.name)'"
        var start = 0
        while start < values.count {
            let end = min(start + chunkElements, values.count)
            let out = UnsafeMutableRawBufferPointer(rebasing: chunk[0 ..< (end - start) * tensor.type.bytesPerBlock])
            try tensor.type.encode(UnsafeBufferPointer(rebasing: values[start ..< end]), into: out, label: label)
            try file.write(UnsafeRawBufferPointer(out))
            start = end
        }
    }
}
