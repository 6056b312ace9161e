#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one GGUF file: a read-only mmap of a path, or a private copy of in-memory bytes.
///
/// `@unchecked Sendable` is sound because the bytes are never written after `init` and are released
/// only in `deinit`, when no other reference can exist.
final class GGUFStorage: @unchecked Sendable {
    /// Start of the bytes; valid for the lifetime of this object.
    let base: UnsafeRawPointer
    /// Number of bytes.
    let count: Int
    /// The path or label used in error messages.
    let name: String
    private let isMapped: Bool

    /// Maps the whole file read-only; the kernel pages tensor data in only when a tensor is read.
    init(path: String) throws(GGUFError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw GGUFError(.io, "cannot open GGUF file '\(path)': \(Self.errnoText()).",
                            hint: "Check that the path exists and is readable by this process.")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw GGUFError(.io, "cannot stat GGUF file '\(path)': \(Self.errnoText()).",
                            hint: "Check that the path names a regular file.")
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            throw GGUFError(.truncated, "GGUF file '\(path)' is empty (0 bytes), expected at least a 24-byte header.",
                            hint: "The file was not written completely; download or convert it again.")
        }
        // MAP_PRIVATE + PROT_READ: the mapping can never write back to the file.
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
            throw GGUFError(.io, "cannot mmap GGUF file '\(path)' (\(size) bytes): \(Self.errnoText()).",
                            hint: "Check free address space and that the file is not on a filesystem without mmap support.")
        }
        base = UnsafeRawPointer(raw)
        count = size
        name = path
        isMapped = true
    }

    /// Copies the bytes so the caller's array can be released or mutated freely.
    init(bytes: [UInt8], name: String) {
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { copy.copyMemory(from: from, byteCount: source.count) }
        }
        base = UnsafeRawPointer(copy)
        count = bytes.count
        self.name = name
        isMapped = false
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
