import Glibc

/// What an entry in the spool is, judged with lstat (symlinks are never followed).
enum SpoolEntry: Equatable {
    case regular(size: Int)
    case directory
    case symlink
    case fifo
    case socket
    case device
    case gone

    /// Classifies the entry at `path`; `.gone` when it no longer exists.
    static func at(_ path: String) throws(SpoolError) -> SpoolEntry {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return .gone }
            throw SpoolError.failed(.ioFailed, "inspecting \(path)")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(status.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        default: return .device
        }
    }

    /// Why this entry cannot be input, and what to do; nil for a regular file within `maxSize`.
    func rejection(maxSize: Int) -> String? {
        let submit = "submit a regular file: write it under a hidden or .tmp name, then rename it into the spool " +
            "(or use `activetune submit FILE`)"
        switch self {
        case .regular(let size) where size > maxSize:
            return "file is \(size) bytes, over the spool's size cap of \(maxSize) bytes. " +
                "HINT: split the task file, or raise the cap in the configuration"
        case .regular, .gone: return nil
        case .directory: return "a directory, not a task file; the spool does not descend into directories. HINT: \(submit)"
        case .symlink: return "a symbolic link; links are never followed. HINT: \(submit)"
        case .fifo: return "a FIFO (named pipe); it is never opened. HINT: \(submit)"
        case .socket: return "a socket, not a task file. HINT: \(submit)"
        case .device: return "a device node, not a task file. HINT: \(submit)"
        }
    }
}
