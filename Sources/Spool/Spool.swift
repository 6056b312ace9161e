import Glibc
import Logging

/// A maildir-like spool directory: producers drop complete files in, the daemon claims each by renaming it
/// into `processing/`, then moves it to `done/` or to `failed/` with a `NAME.reason` file. Nothing is deleted.
public struct Spool: Sendable {
    /// The spool directory; input files live directly in it.
    public let directory: String
    /// Files larger than this many bytes are refused.
    public let maxFileSize: Int
    /// The default size cap, 64 MiB: the daemon configuration's `spool.max_file_bytes` default.
    public static let defaultMaxFileSize = 64 << 20
    /// The subdirectories the spool keeps for itself; they are never input.
    public static let reservedNames: Set<String> = ["processing", "done", "failed"]

    private let logger: Logger

    /// A spool at `directory` (without a trailing slash) refusing files over `maxFileSize` bytes.
    public init(directory: String, maxFileSize: Int = defaultMaxFileSize, logger: Logger) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.maxFileSize = maxFileSize
        self.logger = logger
    }

    /// `processing/`: claimed files being worked on.
    public var processingDirectory: String { directory + "/processing" }
    /// `done/`: files that were accepted.
    public var doneDirectory: String { directory + "/done" }
    /// `failed/`: refused files, each with a `NAME.reason`.
    public var failedDirectory: String { directory + "/failed" }

    /// Checks the spool directory exists and creates its subdirectories if missing.
    ///
    /// The mode has no setgid bit: under the unit's `RestrictSUIDSGID=yes`, seccomp refuses any `mkdir` that asks
    /// for one with EPERM, before the kernel even looks whether the directory exists. None is needed: a directory
    /// made inside a setgid spool inherits the bit (and the group) from it.
    public func prepare() throws(SpoolError) {
        try requireDirectory()
        for sub in [processingDirectory, doneDirectory, failedDirectory] where mkdir(sub, 0o750) != 0 {
            guard errno == EEXIST, case .directory = try SpoolEntry.at(sub) else {
                throw SpoolError.failed(.spoolUnusable, "creating \(sub)")
            }
        }
    }

    /// Throws `spoolUnusable` unless the spool directory exists (a symlink to one counts).
    public func requireDirectory() throws(SpoolError) {
        var status = stat()
        guard stat(directory, &status) == 0 else {
            throw SpoolError.failed(.spoolUnusable, "\(directory) is missing or not a directory")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw SpoolError.failed(.spoolUnusable, "\(directory) is missing or not a directory", errno: ENOTDIR)
        }
    }

    /// Whether a name in the spool directory may be input: not hidden, not `*.tmp`, not a reserved subdirectory.
    public static func isCandidate(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.hasSuffix(".tmp") && !reservedNames.contains(name)
            && !name.contains("/")
    }

    /// Every candidate name in the spool directory now (the start-up and overflow rescan).
    public func scan() throws(SpoolError) -> [String] {
        try FileSystem.list(directory).filter(Self.isCandidate).sorted()
    }

    /// Claims `name` by renaming it into `processing/`, or quarantines it if it is not valid input.
    ///
    /// Safe to call twice for the same name and from racing daemons: the rename succeeds exactly once.
    public func claim(_ name: String) throws(SpoolError) -> ClaimResult {
        guard Self.isCandidate(name) else { return .ignored }
        let path = directory + "/" + name
        let entry = try SpoolEntry.at(path)
        if let reason = entry.rejection(maxSize: maxFileSize) {
            return try quarantine(path, name: name, reason: reason)
        }
        guard case .regular = entry else { return .ignored }
        let claimedName: String
        do {
            claimedName = try FileSystem.moveUnique(path, into: processingDirectory, name: name)
        } catch where error.errno == ENOENT && !FileSystem.exists(path) {
            return .ignored  // another claimer moved it first (a missing processing/ still throws)
        }
        let claimed = ClaimedFile(name: claimedName, path: processingDirectory + "/" + claimedName)
        // The entry may have been swapped between lstat and rename; judge what actually moved.
        if let reason = try SpoolEntry.at(claimed.path).rejection(maxSize: maxFileSize) {
            return try quarantine(claimed.path, name: claimedName, reason: reason)
        }
        logger.debug("spool file claimed", metadata: ["event": "claimed", "file": "\(name)"])
        return .claimed(claimed)
    }

    /// The claimed file's bytes; refuses anything that is not a regular file within the size cap.
    public func read(_ file: ClaimedFile) throws(SpoolError) -> [UInt8] {
        try Self.readRegularFile(atPath: file.path, maxSize: maxFileSize)
    }

    /// The bytes of the regular file at `path`, never blocking on a FIFO, stopping as soon as more than
    /// `maxSize` bytes arrive, and following a final symlink only when asked (the spool never does).
    public static func readRegularFile(atPath path: String, maxSize: Int,
                                       followSymlink: Bool = false) throws(SpoolError) -> [UInt8] {
        // O_NOFOLLOW refuses a symlink; O_NONBLOCK keeps a FIFO from blocking the open.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followSymlink ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { throw SpoolError.failed(.unreadable, "opening \(path)") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw SpoolError.failed(.unreadable, "inspecting \(path)") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SpoolError.failed(.notRegularFile, "\(path) is not a regular file", errno: 0)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw SpoolError.failed(.unreadable, "reading \(path)")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > maxSize {
                throw SpoolError.failed(.tooLarge, "\(path) has more than \(maxSize) bytes", errno: 0)
            }
        }
    }

    /// Moves a claimed file to `done/` or, with its reason, to `failed/`; returns the path it now has.
    @discardableResult
    public func finish(_ file: ClaimedFile, _ outcome: SpoolOutcome) throws(SpoolError) -> String {
        switch outcome {
        case .done:
            let name = try FileSystem.moveUnique(file.path, into: doneDirectory, name: file.name)
            try FileSystem.syncDirectory(doneDirectory)
            return doneDirectory + "/" + name
        case .failed(let reason):
            let name = try moveToFailed(file.path, name: file.name, reason: reason)
            return failedDirectory + "/" + name
        }
    }

    /// Files claimed by an earlier run that never finished; process them again.
    public func recoverClaimed() throws(SpoolError) -> [ClaimedFile] {
        try FileSystem.list(processingDirectory).filter { !$0.hasPrefix(".") }.sorted().map {
            ClaimedFile(name: $0, path: processingDirectory + "/" + $0)
        }
    }

    /// Writes `bytes` into the spool as `name` (suffixed if taken) the safe way: hidden temporary file,
    /// fsync, rename. Returns the name used.
    public func submit(_ bytes: [UInt8], name: String) throws(SpoolError) -> String {
        guard Self.isCandidate(name) else {
            throw SpoolError.failed(.ioFailed, "\(name.debugDescription) would be ignored by the spool", errno: EINVAL)
        }
        return try FileSystem.writeAtomically(bytes, directory: directory, name: name)
    }

    private func quarantine(_ path: String, name: String, reason: String) throws(SpoolError) -> ClaimResult {
        let failedName: String
        do {
            failedName = try moveToFailed(path, name: name, reason: reason)
        } catch where error.errno == ENOENT && !FileSystem.exists(path) {
            return .ignored  // another claimer moved it first
        } catch where error.errno == EACCES || error.errno == EPERM {
            return try leaveInSpool(name: name, reason: reason)
        }
        logger.warning("spool entry rejected", metadata: [
            "event": "rejected", "file": "\(name)", "failed": "\(failedName)", "reason": "\(reason)",
        ])
        return .quarantined(name: name, failedName: failedName, reason: reason)
    }

    /// Writes the reason of an entry that cannot be moved; `ignored` when an earlier claim already wrote it.
    private func leaveInSpool(name: String, reason: String) throws(SpoolError) -> ClaimResult {
        let text = reason + " It stays in the spool: the daemon may not move it (permission denied). "
            + "HINT: remove it, or give the daemon's group write permission on it"
        for attempt in 0..<100 {
            let reasonName = (attempt == 0 ? name : FileSystem.suffixed(name, attempt)) + ".reason"
            let path = failedDirectory + "/" + reasonName
            if FileSystem.exists(path) {
                if FileSystem.contents(path) == Array((text + "\n").utf8) { return .ignored }
                continue
            }
            _ = try FileSystem.writeAtomically(Array((text + "\n").utf8), directory: failedDirectory, name: reasonName)
            logger.warning("spool entry rejected, left in the spool", metadata: [
                "event": "rejected", "file": "\(name)", "reason": "\(text)",
            ])
            return .leftInSpool(name: name, reason: text)
        }
        throw SpoolError.failed(.ioFailed, "no free name for \(name).reason in \(failedDirectory)", errno: EEXIST)
    }

    private func moveToFailed(_ path: String, name: String, reason: String) throws(SpoolError) -> String {
        let failedName = try FileSystem.moveUnique(path, into: failedDirectory, name: name, alsoFree: [".reason"])
        _ = try FileSystem.writeAtomically(Array((reason + "\n").utf8), directory: failedDirectory,
                                           name: failedName + ".reason")
        return failedName
    }
}
