#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif
import Safetensors

/// One checkpoint file: an LZ4 frame whose content is a safetensors file (`lz4 -d` gives the latter).
public enum CheckpointFile {
    /// Compresses `file` into a new file at `path` and fsyncs it; on failure the partial file is removed.
    public static func write(_ file: SafetensorsFile, to path: String) throws(CheckpointError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CheckpointError.system("create", path) }
        do throws(CheckpointError) {
            let writer = try FrameWriter(contentSize: file.byteCount, path: path) { (bytes) throws(CheckpointError) in
                try writeAll(bytes, to: descriptor, path: path)
            }
            try file.write { (bytes) throws(CheckpointError) in try writer.write(bytes) }
            try writer.finish()
            guard fsync(descriptor) == 0 else { throw CheckpointError.system("fsync", path) }
            guard close(descriptor) == 0 else { throw CheckpointError.system("close", path) }
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
    }

    /// Reads `path`, verifying the safetensors header first and every LZ4 checksum before returning.
    public static func read(path: String) throws(CheckpointError) -> SafetensorsFile {
        let reader = try FrameReader(path: path)
        let header = try readHeader(reader, path: path)
        var tensors: [TensorEntry] = []
        tensors.reserveCapacity(header.records.count)
        for record in header.records {
            let size = record.end - record.begin
            var failure: CheckpointError?
            // Decompress straight into the tensor's storage: no intermediate copy of the model.
            let data = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                do throws(CheckpointError) {
                    try reader.read(into: UnsafeMutableRawBufferPointer(buffer))
                } catch {
                    failure = error
                    buffer.initialize(repeating: 0)
                }
                count = size
            }
            if let failure { throw failure }
            tensors.append(try wrap(path) { () throws(SafetensorsError) in
                try TensorEntry(name: record.name, dtype: record.dtype, shape: record.shape, data: data)
            })
        }
        try reader.finish()
        return try wrap(path) { () throws(SafetensorsError) in
            try SafetensorsFile(tensors: tensors, metadata: header.metadata)
        }
    }

    /// Checks every checksum and the safetensors header of `path` without keeping the tensors.
    public static func verify(path: String) throws(CheckpointError) {
        let reader = try FrameReader(path: path)
        let header = try readHeader(reader, path: path)
        try reader.skip(reader.contentSize - header.dataStart)
        try reader.finish()
    }

    /// Decodes only the safetensors header of `path` (cheap: the first block); checksums of the rest are not read.
    public static func header(path: String) throws(CheckpointError) -> SafetensorsHeader {
        try readHeader(FrameReader(path: path), path: path)
    }

    private static func readHeader(_ reader: FrameReader, path: String) throws(CheckpointError) -> SafetensorsHeader {
        var prefix = [UInt8](repeating: 0, count: 8)
        try prefix.withUnsafeMutableBytes { raw in Result { () throws(CheckpointError) in try reader.read(into: raw) } }
            .get()
        let length = try wrap(path) { () throws(SafetensorsError) in
            try prefix.withUnsafeBytes { raw in
                Result { () throws(SafetensorsError) in
                    try SafetensorsHeader.jsonLength(prefix: raw, totalSize: reader.contentSize)
                }
            }.get()
        }
        var json = [UInt8](repeating: 0, count: length)
        try json.withUnsafeMutableBytes { raw in Result { () throws(CheckpointError) in try reader.read(into: raw) } }
            .get()
        return try wrap(path) { () throws(SafetensorsError) in
            try json.withUnsafeBytes { raw in
                Result { () throws(SafetensorsError) in try SafetensorsHeader(json: raw, totalSize: reader.contentSize) }
            }.get()
        }
    }

    /// Reports a safetensors problem inside a checksum-valid frame as corruption of `path`.
    private static func wrap<T>(_ path: String, _ body: () throws(SafetensorsError) -> T) throws(CheckpointError) -> T {
        do {
            return try body()
        } catch {
            throw FrameReader.corrupt(path, "\(error.message)")
        }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32,
                                 path: String) throws(CheckpointError) {
        var done = 0
        while done < bytes.count {
            let written = posixWrite(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw CheckpointError.system("write", path)
            }
            done += written
        }
    }
}
