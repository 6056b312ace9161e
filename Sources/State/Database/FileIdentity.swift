import Glibc

/// What identifies one file across a rename and a restart: device, inode, size and modification time.
///
/// A claimed file keeps all four while it moves from the spool to `processing/`, so a restart can tell the
/// very file it already decided on from a new file that happens to have the same name.
public struct FileIdentity: Sendable, Equatable, Hashable {
    /// `st_dev`.
    public var device: Int64
    /// `st_ino`.
    public var inode: Int64
    /// `st_size` in bytes.
    public var size: Int64
    /// `st_mtim` in nanoseconds since 1970.
    public var modificationNanoseconds: Int64

    /// An identity from its four parts.
    public init(device: Int64, inode: Int64, size: Int64, modificationNanoseconds: Int64) {
        self.device = device; self.inode = inode; self.size = size
        self.modificationNanoseconds = modificationNanoseconds
    }

    /// The identity of the entry at `path` (not following a symlink), or nil when it is gone.
    public static func of(path: String) -> FileIdentity? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return FileIdentity(device: Int64(bitPattern: UInt64(status.st_dev)), inode: Int64(bitPattern: UInt64(status.st_ino)),
                            size: Int64(status.st_size),
                            modificationNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec))
    }
}
