#if canImport(Glibc)
import Glibc
private let posixRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let posixRead = Darwin.read
#endif

/// Files on disk (e.g. a Hugging Face `model.safetensors`): each tensor is read straight into its
/// own storage, so a 500 MB model is copied once, not twice.
extension SafetensorsFile {
    /// Reads and validates the safetensors file at `path`; the header is checked before any tensor is read.
    public init(contentsOfFile path: String) throws(SafetensorsError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.ioError("open", path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.ioError("stat", path) }
        let total = Int(info.st_size)
        let prefix = try Self.readExactly(8, from: descriptor, path: path, available: total)
        let length = try prefix.withUnsafeBytes { raw in
            Result { () throws(SafetensorsError) in try SafetensorsHeader.jsonLength(prefix: raw, totalSize: total) }
        }.get()
        let json = try Self.readExactly(length, from: descriptor, path: path, available: total - 8)
        let header = try json.withUnsafeBytes { raw in
            Result { () throws(SafetensorsError) in try SafetensorsHeader(json: raw, totalSize: total) }
        }.get()
        let tensors = try header.records.map { (record) throws(SafetensorsError) -> TensorEntry in
            let data = try Self.readExactly(record.end - record.begin, from: descriptor, path: path,
                                            available: total - header.dataStart - record.begin)
            return try TensorEntry(name: record.name, dtype: record.dtype, shape: record.shape, data: data)
        }
        try self.init(tensors: tensors, metadata: header.metadata)
    }

    /// Writes the file to `path` (created or truncated) and fsyncs it.
    public func write(toFile path: String) throws(SafetensorsError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.ioError("create", path) }
        defer { close(descriptor) }
        try write(toFileDescriptor: descriptor)
        guard fsync(descriptor) == 0 else { throw Self.ioError("fsync", path) }
    }

    /// Reads exactly `count` bytes; the file was stat'ed, so a short read means it shrank under us.
    private static func readExactly(_ count: Int, from descriptor: Int32, path: String,
                                    available: Int) throws(SafetensorsError) -> [UInt8] {
        var failure: SafetensorsError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let got = posixRead(descriptor, buffer.baseAddress! + done, count - done)
                if got > 0 { done += got; continue }
                if got < 0, errno == EINTR { continue }
                failure = got < 0 ? ioError("read", path)
                    : SafetensorsError(.truncated, "\(path) ended after \(done) of \(count) bytes (\(available) expected)",
                                       hint: "the file changed while being read or is truncated; restore it")
                break
            }
            if done < count { (buffer.baseAddress! + done).initialize(repeating: 0, count: count - done) }
            initialized = count
        }
        if let failure { throw failure }
        return bytes
    }

    private static func ioError(_ action: String, _ path: String) -> SafetensorsError {
        SafetensorsError(.io, "could not \(action) \(path): \(String(cString: strerror(errno)))",
                         hint: "check that the path exists and this user may access it")
    }
}
