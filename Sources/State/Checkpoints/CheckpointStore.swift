import Checkpoint
import Logging
import Safetensors

/// The versions of the model in a state directory (`StateDirectory.openCheckpoints`), and which one is active.
///
/// Layout of its directory: `<id>.ckpt.lz4` per version, symlinks `active` and `previous` to version files, `.lock`
/// (flock), and `.tmp-*` while a commit or link switch is in flight. Every change is made by writing
/// a temporary, fsyncing it, renaming it into place and fsyncing the directory, so at any instant a
/// reader of `active` sees a complete, checksum-valid model.
public struct CheckpointStore: Sendable {
    /// Store settings; every member has a default.
    ///
    /// - `keepLast` (Int, default 5, at least 1): versions kept besides `active` and `previous`.
    /// - `storage` (`TensorStorage`, default `.float32`): how float32 tensors are written.
    public struct Configuration: Sendable {
        /// Versions kept besides `active` and `previous`.
        public var keepLast: Int
        /// How float32 tensors are written.
        public var storage: TensorStorage

        /// Makes a configuration.
        public init(keepLast: Int = 5, storage: TensorStorage = .float32) {
            self.keepLast = keepLast
            self.storage = storage
        }
    }

    /// The name prefix of files that are not yet (or no longer) part of the store.
    static let temporaryPrefix = ".tmp-"
    /// The symlink to the active version.
    public static let activeLink = "active"
    /// The symlink to the version that was active before.
    public static let previousLink = "previous"

    /// The store's directory.
    public let path: String
    /// The settings in force.
    public let configuration: Configuration
    let directory: Directory
    let logger: Logger

    /// Opens (creating if needed) the store in `directory`; `StateDirectory` says where that is.
    init(directory path: String, configuration: Configuration = .init(), logger: Logger) throws(CheckpointError) {
        guard configuration.keepLast >= 1 else {
            throw CheckpointError(.invalidArgument, "keepLast is \(configuration.keepLast)",
                                  hint: "keep at least 1 version besides active and previous")
        }
        self.path = path
        self.configuration = configuration
        self.logger = logger
        directory = Directory(path: path)
        try directory.create()
    }

    /// Writes `checkpoint` as a new version and, if `activate`, makes it active (the old active
    /// becomes previous); then applies retention. Returns what it did.
    ///
    /// The store reports rather than logs: the caller knows why it committed and logs the event once.
    @discardableResult
    public func commit(_ checkpoint: Checkpoint, activate: Bool = true) throws(CheckpointError) -> CommitResult {
        let file = try checkpoint.safetensors(storage: configuration.storage)
        return try StoreLock.withLock(directory) { () throws(CheckpointError) in
            let sequence = (try versions().last?.sequence ?? 0) + 1
            let id = CheckpointID(sequence: sequence, hash: CheckpointID.fnv1a(file.headerBytes()))
            let temporary = Self.temporaryPrefix + id.fileName
            try CheckpointFile.write(file, to: directory.child(temporary))
            try directory.rename(temporary, to: id.fileName)
            try directory.sync()
            let previous = activeID
            if activate { try switchActive(to: id) }
            return CommitResult(id: id, bytes: directory.size(id.fileName) ?? 0, activated: activate,
                                previous: previous, pruned: try applyRetention())
        }
    }

    /// Makes `id` active, verifying its checksums first unless `verify` is false (for a version this process has
    /// just written); the old active becomes previous; then applies retention and returns what it removed. Making
    /// the active version active again changes nothing, so a caller that may have done it before can repeat it.
    @discardableResult
    public func activate(_ id: CheckpointID, verify: Bool = true) throws(CheckpointError) -> [CheckpointID] {
        let path = directory.child(id.fileName)
        if verify {
            try CheckpointFile.verify(path: path)
        } else if directory.size(id.fileName) == nil {
            throw CheckpointError(.notFound, "no version \(id) in \(self.path)", hint: "list them with `activetune checkpoints`")
        }
        return try StoreLock.withLock(directory) { () throws(CheckpointError) in
            try switchActive(to: id)
            return try applyRetention()
        }
    }

    /// Switches back to `id`, or to `previous` when nil, verifying it first; the old active becomes
    /// previous, so a second rollback undoes the first. Returns the version now active.
    @discardableResult
    public func rollback(to id: CheckpointID? = nil) throws(CheckpointError) -> CheckpointID {
        try StoreLock.withLock(directory) { () throws(CheckpointError) in
            guard let target = id ?? link(Self.previousLink) else {
                throw CheckpointError(.noActiveModel, "there is no previous checkpoint in \(path) to roll back to",
                                      hint: "list versions with `activetune checkpoints` and pass `--to ID`")
            }
            try CheckpointFile.verify(path: directory.child(target.fileName))
            try switchActive(to: target)
            return target
        }
    }

    /// Loads and verifies version `id`.
    public func load(_ id: CheckpointID) throws(CheckpointError) -> Checkpoint {
        let file = directory.child(id.fileName)
        return try Checkpoint(safetensors: CheckpointFile.read(path: file), source: file)
    }

    /// Loads and verifies the active version, returning its ID too.
    public func loadActive() throws(CheckpointError) -> (id: CheckpointID, checkpoint: Checkpoint) {
        // Retention may delete the version between reading the link and opening it; read the link again.
        for _ in 0..<3 {
            guard let id = link(Self.activeLink) else { break }
            do {
                return (id, try load(id))
            } catch where error.code == .notFound {
                continue
            }
        }
        throw CheckpointError(.noActiveModel, "there is no active model in \(path)",
                              hint: "train or import a model first, e.g. run `activetune daemon`")
    }

    /// The file of version `id`.
    public func path(of id: CheckpointID) -> String { directory.child(id.fileName) }

    /// The size of version `id`'s file in bytes, or nil when there is no such version.
    public func bytes(of id: CheckpointID) -> Int? { directory.size(id.fileName) }

    /// The version the `active` symlink names, if any.
    public var activeID: CheckpointID? { link(Self.activeLink) }

    /// The version the `previous` symlink names, if any.
    public var previousID: CheckpointID? { link(Self.previousLink) }

    /// Every version file in the store, oldest first.
    public func versions() throws(CheckpointError) -> [CheckpointID] {
        try directory.entries().compactMap { CheckpointID.parsing(fileName: $0) }.sorted()
    }

    func link(_ name: String) -> CheckpointID? {
        directory.linkTarget(name).flatMap { CheckpointID.parsing(fileName: $0) }
    }

    /// Points `previous` at the current active, then `active` at `id`; a crash in between leaves
    /// both naming the old model, which is still a valid state. Call with the lock held.
    func switchActive(to id: CheckpointID) throws(CheckpointError) {
        let current = link(Self.activeLink)
        guard current != id else { return }
        if let current { try directory.replaceLink(Self.previousLink, target: current.fileName) }
        try directory.replaceLink(Self.activeLink, target: id.fileName)
        try directory.sync()
    }

    /// Keeps `active`, `previous` and, besides them, the newest `keepLast` versions; deletes the rest, returning
    /// what it deleted, oldest first. Call with the lock held.
    func applyRetention() throws(CheckpointError) -> [CheckpointID] {
        let protected = Set([link(Self.activeLink), link(Self.previousLink)].compactMap { $0 })
        let doomed = try versions().filter { !protected.contains($0) }.dropLast(configuration.keepLast)
        for id in doomed { try directory.remove(id.fileName) }
        if !doomed.isEmpty { try directory.sync() }
        return Array(doomed)
    }
}
