#if canImport(Glibc)
import Glibc
private let posixRename = Glibc.rename
#elseif canImport(Darwin)
import Darwin
private let posixRename = Darwin.rename
#endif
import Checkpoint

/// The POSIX operations the store's atomicity rests on, with errors that name the path.
package struct Directory: Sendable {
    /// The directory's path.
    package let path: String

    /// The directory at `path` (not created: see `create()`).
    package init(path: String) { self.path = path }

    /// The path of `name` inside the directory.
    package func child(_ name: String) -> String { path + "/" + name }

    /// Creates the directory and its parents if missing.
    func create() throws(CheckpointError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { throw CheckpointError.system("create directory", prefix) }
        }
    }

    /// Where `d_name` starts in a `dirent` record.
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// The names of the entries (without `.` and `..`).
    package func entries() throws(CheckpointError) -> [String] {
        guard let handle = opendir(path) else { throw CheckpointError.system("list", path) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            // In place, not by copying `entry.pointee`: a record is only d_reclen bytes long, and a whole-`dirent` copy
            // can read past glibc's buffer into an unmapped page (as Spool's FileSystem.list once did).
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self))
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Makes renames and unlinks inside the directory durable.
    func sync() throws(CheckpointError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CheckpointError.system("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CheckpointError.system("fsync", path) }
    }

    /// Atomically renames `from` to `to` within the directory.
    func rename(_ from: String, to: String) throws(CheckpointError) {
        guard posixRename(child(from), child(to)) == 0 else { throw CheckpointError.system("rename to \(to)", child(from)) }
    }

    /// The target of the symlink `name`, or nil if there is no such link.
    func linkTarget(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(child(name), &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Points the symlink `name` at `target` atomically: a temporary link renamed over the old one.
    func replaceLink(_ name: String, target: String) throws(CheckpointError) {
        let temporary = "\(CheckpointStore.temporaryPrefix)link-\(name)-\(getpid())"
        unlink(child(temporary))
        guard symlink(target, child(temporary)) == 0 else { throw CheckpointError.system("create link", child(temporary)) }
        try rename(temporary, to: name)
    }

    /// Removes `name`; a missing file is not an error.
    func remove(_ name: String) throws(CheckpointError) {
        if unlink(child(name)) != 0, errno != ENOENT { throw CheckpointError.system("remove", child(name)) }
    }

    /// The size of `name` in bytes (following links), or nil if it cannot be stat'ed.
    package func size(_ name: String) -> Int? {
        var info = stat()
        return stat(child(name), &info) == 0 ? Int(info.st_size) : nil
    }
}
