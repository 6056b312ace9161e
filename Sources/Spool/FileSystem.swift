import Glibc

/// The few file-system calls the spool needs beyond Glibc: a rename that never replaces, and durable writes.
enum FileSystem {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?,
                                                  UInt32) -> Int32
    // renameat2 is declared only under _GNU_SOURCE, which Swift's Glibc module does not import, so it is
    // looked up once at run time (glibc 2.28+, Linux 3.15+).
    private static let renameat2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    private static let renameNoReplace: UInt32 = 1

    /// Renames `from` to `to` unless `to` exists (then errno is EEXIST); works for any kind of entry.
    static func renameNoReplace(_ from: String, _ to: String) -> Bool {
        if let renameat2 { return renameat2(AT_FDCWD, from, AT_FDCWD, to, renameNoReplace) == 0 }
        // Without renameat2: link + unlink never replaces either, but cannot move directories.
        guard link(from, to) == 0 else { return false }
        return unlink(from) == 0
    }

    /// Moves `from` into `directory` under `name` or, if taken, `name` with a numeric suffix; returns the name used.
    ///
    /// `alsoFree` lists suffixes whose companions must be free too (`.reason` for failed/), so that a
    /// quarantined `x` never meets a stale `x.reason`.
    static func moveUnique(_ from: String, into directory: String, name: String,
                           alsoFree: [String] = []) throws(SpoolError) -> String {
        for attempt in 0..<10_000 {
            let candidate = attempt == 0 ? name : suffixed(name, attempt)
            if alsoFree.contains(where: { exists(directory + "/" + candidate + $0) }) { continue }
            if renameNoReplace(from, directory + "/" + candidate) { return candidate }
            if errno != EEXIST {
                throw SpoolError.failed(.ioFailed, "moving \(from) to \(directory)/\(candidate)")
            }
        }
        throw SpoolError.failed(.ioFailed, "moving \(from) into \(directory): 10000 names taken", errno: EEXIST)
    }

    /// `report.json` → `report.1.json`; names without an extension get `.1` appended.
    static func suffixed(_ name: String, _ number: Int) -> String {
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return name[..<dot] + ".\(number)" + name[dot...]
        }
        return name + ".\(number)"
    }

    /// How long ago the regular file at `path` was last modified; nil for other entries or a future time.
    static func modificationAge(_ path: String) -> Duration? {
        var status = stat()
        var now = timespec()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              clock_gettime(CLOCK_REALTIME, &now) == 0 else { return nil }
        let age = Duration.seconds(now.tv_sec - status.st_mtim.tv_sec)
            + .nanoseconds(now.tv_nsec - status.st_mtim.tv_nsec)
        return age < .zero ? nil : age
    }

    /// Whether anything (even a dangling symlink) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The bytes of a small file (up to `limit`), or nil when it cannot be read or is larger.
    static func contents(_ path: String, limit: Int = 1 << 16) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count <= limit {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, limit + 1 - count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            count += got
        }
        return count <= limit ? Array(bytes[..<count]) : nil
    }

    /// Writes `bytes` to a hidden temporary file in `directory`, fsyncs it, renames it to `name` (or a
    /// suffixed name if taken, never replacing) and fsyncs the directory; returns the name used.
    static func writeAtomically(_ bytes: [UInt8], directory: String, name: String,
                                mode: mode_t = 0o640) throws(SpoolError) -> String {
        let temporary = directory + "/." + name + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SpoolError.failed(.ioFailed, "creating \(temporary)") }
        do throws(SpoolError) {
            try writeAll(bytes, to: fd, path: temporary)
            guard fsync(fd) == 0 else { throw SpoolError.failed(.ioFailed, "syncing \(temporary)") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        let used: String
        do {
            used = try moveUnique(temporary, into: directory, name: name)
        } catch {
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
        return used
    }

    /// Makes renames in `directory` durable.
    static func syncDirectory(_ directory: String) throws(SpoolError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SpoolError.failed(.ioFailed, "opening \(directory) to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SpoolError.failed(.ioFailed, "syncing \(directory)") }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(SpoolError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SpoolError.failed(.ioFailed, "writing \(path)")
            }
            offset += written
        }
    }

    /// Where `d_name` starts in a `dirent` record.
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// The names in `directory` (without `.` and `..`).
    static func list(_ directory: String) throws(SpoolError) -> [String] {
        guard let handle = opendir(directory) else { throw SpoolError.failed(.spoolUnusable, "listing \(directory)") }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            // Read the name in place: a record is only d_reclen bytes, so copying the whole `dirent` (`entry.pointee`)
            // can read past the end of glibc's buffer when the entry is the last one before an unmapped page (it
            // crashed the 2000-file spool test once). The name is NUL-terminated within the record.
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
