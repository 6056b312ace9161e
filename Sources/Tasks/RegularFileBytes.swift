#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads a whole regular file with plain POSIX calls, so the type and size checks apply to the very
/// file descriptor that is read (no window between `stat` and `open`).
enum RegularFileBytes {
    static func read(path: String, sizeCap: Int, followsSymlinks: Bool) throws(TaskFileError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO with no writer would otherwise hang until one appears.
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if !followsSymlinks { flags |= O_NOFOLLOW }
        let fd = open(path, flags)
        guard fd >= 0 else { throw openError(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("could not stat the file", errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = switch info.st_mode & S_IFMT {
            case S_IFDIR: "a directory"
            case S_IFIFO: "a FIFO"
            case S_IFSOCK: "a socket"
            case S_IFCHR, S_IFBLK: "a device"
            default: "a special file"
            }
            throw TaskFileError(.notRegularFile, problem: "this is \(kind), not a regular file",
                                hint: "pass a task file (.json or .jsonl)")
        }
        let size = Int(info.st_size)
        guard size <= sizeCap else { throw tooLarge(size, sizeCap) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n == 0 { return bytes }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("could not read the file", errno)
            }
            bytes.append(contentsOf: chunk[0..<n])
            // The file may have grown since fstat.
            guard bytes.count <= sizeCap else { throw tooLarge(bytes.count, sizeCap) }
        }
    }

    /// The error for a file of `size` bytes over the cap; also used for files given in memory.
    static func tooLarge(_ size: Int, _ cap: Int, file: String = #fileID, line: Int = #line) -> TaskFileError {
        TaskFileError(.tooLarge, problem: "the file has \(size) bytes, more than the size cap of \(cap)",
                      hint: "split it into smaller task files or raise the size cap", file: file, line: line)
    }

    private static func openError(_ code: Int32) -> TaskFileError {
        switch code {
        case ENOENT: TaskFileError(.unreadable, problem: "no such file", hint: "check the path")
        case EACCES: TaskFileError(.unreadable, problem: "permission denied", hint: "make the file readable by this user")
        case ELOOP: TaskFileError(.unreadable, problem: "the file is a symbolic link, which is not followed",
                                  hint: "submit the file itself, not a link to it")
        default: ioError("could not open the file", code)
        }
    }

    private static func ioError(_ what: String, _ code: Int32) -> TaskFileError {
        TaskFileError(.unreadable, problem: "\(what): \(String(cString: strerror(code)))",
                      hint: "check that the file is readable")
    }
}
