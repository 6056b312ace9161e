#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
private let posixRename = Glibc.rename
#elseif canImport(Musl)
import Musl
private let posixWrite = Musl.write
private let posixRename = Musl.rename
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
private let posixRename = Darwin.rename
#endif

/// A file that appears at its path complete or not at all: bytes go to a temporary in the same directory
/// (so the rename cannot cross filesystems), which `commit` fsyncs and renames over the path, then fsyncs
/// the directory so the rename itself survives a crash. Dropped uncommitted, it removes the temporary.
struct AtomicFile: ~Copyable {
    /// Where the file appears on commit.
    let path: String
    /// The temporary being written.
    let temporaryPath: String
    /// Bytes written so far.
    private(set) var byteCount = 0
    private let descriptor: Int32
    private let directory: String
    private var isOpen = true
    private var isRenamed = false

    /// Creates the temporary next to `path`; nothing at `path` changes until `commit`.
    init(replacing path: String) throws(GGUFError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // A leading dot hides the temporary from globs such as *.gguf; pid and a random tag keep writers apart.
        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporaryPath = "\(directory)/.\(base).\(getpid()).\(tag).tmp"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GGUFError(.io, "cannot create GGUF file '\(path)': creating the temporary '\(temporaryPath)' failed: \(Self.errnoText()).",
                            hint: "Check that the directory '\(directory)' exists and is writable by this process.")
        }
        self.path = path
        self.temporaryPath = temporaryPath
        self.directory = directory
        self.descriptor = fd
    }

    /// Appends `bytes`, retrying short writes and EINTR.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(GGUFError) {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = posixWrite(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("writing \(left) bytes at byte offset \(byteCount) of the temporary '\(temporaryPath)'",
                              hint: "Check free space on the filesystem holding '\(directory)'.")
            }
            next += written
            left -= written
            byteCount += written
        }
    }

    /// Appends `bytes`.
    mutating func write(_ bytes: [UInt8]) throws(GGUFError) {
        // withUnsafeBufferPointer, not withUnsafeBytes: only the former has typed throws in the standard library.
        try bytes.withUnsafeBufferPointer { (buffer) throws(GGUFError) in try write(UnsafeRawBufferPointer(buffer)) }
    }

    /// Appends `count` zero bytes (padding, at most an alignment's worth).
    mutating func writeZeros(_ count: Int) throws(GGUFError) {
        let zeros = [UInt8](repeating: 0, count: count)
        try write(zeros)
    }

    /// Makes the file durable and moves it into place, replacing any file at `path`.
    consuming func commit() throws(GGUFError) {
        guard fsync(descriptor) == 0 else {
            throw failure("syncing the temporary '\(temporaryPath)' to disk", hint: "Check the filesystem and free space.")
        }
        isOpen = false
        guard close(descriptor) == 0 else {
            throw failure("closing the temporary '\(temporaryPath)'", hint: "Check the filesystem and free space.")
        }
        guard posixRename(temporaryPath, path) == 0 else {
            throw failure("renaming the temporary '\(temporaryPath)' over it",
                          hint: "Check that '\(path)' is not a directory and that '\(directory)' is writable.")
        }
        isRenamed = true
        // Without this the rename may be lost in a crash, leaving the old file (or none) at `path`.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if directoryDescriptor >= 0 { close(directoryDescriptor) } }
        guard directoryDescriptor >= 0, fsync(directoryDescriptor) == 0 else {
            throw failure("syncing its directory '\(directory)' after the rename (the file is in place but may not survive a crash)",
                          hint: "Check the filesystem; write the file again to be sure it is durable.")
        }
    }

    deinit {
        if isOpen { close(descriptor) }
        if !isRenamed { unlink(temporaryPath) }
    }

    private func failure(_ action: String, hint: String, fileID: String = #fileID, line: Int = #line) -> GGUFError {
        GGUFError(.io, "cannot write GGUF file '\(path)': \(action) failed: \(Self.errnoText()).", hint: hint,
                  file: fileID, line: line)
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
