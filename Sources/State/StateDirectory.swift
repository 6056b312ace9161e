import Checkpoint
import Foundation
import Glibc
import Logging

/// The daemon's state directory, and the one place that knows what is inside it. The daemon and every operator
/// command (`status`, `scores`, `taskmap`, `checkpoints`, `rollback`, `import`, `init`, `reload`) reach the state
/// through this type, so they all see the files the daemon uses.
///
/// Layout:
/// - `state.sqlite` (with SQLite's `-wal` and `-shm`): tasks, scores per model version, rounds, rejections, the
///   configuration the daemon runs with (`StateStore`).
/// - `checkpoints/`: the model versions `<id>.ckpt.lz4`, the links `active` (the active model) and `previous`,
///   and `.lock` (`CheckpointStore`).
/// - `base.ckpt.lz4`: a hard link to the daemon's first model, which `from-base` rounds start from (`BaseModel`).
/// - `metrics.prom`: the Prometheus textfile, unless the configuration names another path.
/// - `reload-ack.json`: the daemon's answer to the latest reload request.
/// - `rounds/<N>/`: with `training.backend = "command"`, what round N's trainer command reads and writes (its
///   examples, starting model, recipe and output model); removed once the round's model is imported.
/// - `exports/<id>/`: with a `rotation.command`, the active model `<id>` as an HF directory (`model/`) and a GGUF
///   file (`model.gguf`) for the command to load; only the active model's export is kept.
///
/// Opening read-only never creates or changes a file, so an operator can read the state of a daemon that runs as
/// another user while it runs (SQLite WAL, links switched by rename).
public struct StateDirectory: Sendable {
    /// What a caller may do with the state.
    public enum Access: Sendable, Equatable {
        /// Read what is there; nothing is created (status, scores, taskmap, checkpoints).
        case readOnly
        /// Read and change, creating what is missing (the daemon, import, init, rollback).
        case readWrite
    }

    /// Where `make run` and the operator commands look by default: `./state`.
    public static let defaultPath = "./state"

    private static let databaseName = "state.sqlite"
    private static let checkpointsName = "checkpoints"
    private static let baseName = "base.ckpt.lz4"
    private static let metricsName = "metrics.prom"
    private static let reloadAcknowledgementName = "reload-ack.json"
    private static let roundsName = "rounds"
    private static let exportsName = "exports"

    /// The directory.
    public let url: URL
    /// What this handle may do.
    public let access: Access

    /// The directory's path.
    public var path: String { url.path }

    /// A handle on the state in `path`. Read-only access requires the directory to exist (a mistyped `--state`
    /// is reported, not created); read-write access creates it.
    public init(_ path: String, access: Access) throws(StateError) {
        url = URL(fileURLWithPath: path)
        self.access = access
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        switch access {
        case .readOnly:
            guard exists, isDirectory.boolValue else {
                throw StateError(.notFound, "there is no state directory \(path)",
                                 hint: "pass the daemon's state directory with --state DIR (default \(Self.defaultPath))")
            }
        case .readWrite:
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw StateError(.unusable, "could not create the state directory \(path): \(error.localizedDescription)",
                                 hint: "check that its parent exists and is writable by this user")
            }
        }
    }

    // MARK: The database

    /// Whether the daemon (or `init`/`import`) has created the database.
    public var hasDatabase: Bool { FileManager.default.fileExists(atPath: child(Self.databaseName).path) }

    /// Opens the SQLite store: read-only without creating anything, or read-write, creating and migrating it.
    public func openDatabase() throws -> StateStore {
        if access == .readOnly && !hasDatabase {
            throw StateError(.noDatabase, "no state database in \(path) (\(child(Self.databaseName).path) does not exist)",
                             hint: "start the daemon once (`activetune daemon --state DIR`), or pass the right --state")
        }
        return try StateStore(url: child(Self.databaseName), readOnly: access == .readOnly)
    }

    // MARK: Model versions

    /// Whether any model version has been stored (the daemon ran, or a model was imported).
    public var hasCheckpoints: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: checkpointsPath, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The model versions, keeping `keepLast` besides `active` and `previous` when a commit or activation prunes.
    /// Read-only access requires versions to exist and the store it returns is used for reading only.
    public func openCheckpoints(keepLast: Int = 5, storage: TensorStorage = .float32,
                                logger: Logger) throws -> CheckpointStore {
        if access == .readOnly && !hasCheckpoints {
            throw StateError(.noCheckpoints, "no checkpoints in \(path) (\(checkpointsPath) does not exist)",
                             hint: "pass the daemon's state directory with --state DIR (default \(Self.defaultPath)), "
                                 + "or run `activetune init --state DIR` (or the daemon) first")
        }
        return try CheckpointStore(directory: checkpointsPath, configuration: .init(keepLast: keepLast, storage: storage),
                                   logger: logger)
    }

    /// The active model's version, read from its link without opening the store (so without creating anything);
    /// nil before the first model.
    public var activeModelID: CheckpointID? {
        Directory(path: checkpointsPath).linkTarget(CheckpointStore.activeLink).flatMap { CheckpointID.parsing(fileName: $0) }
    }

    /// The model `from-base` rounds start from.
    public var base: BaseModel { BaseModel(url: child(Self.baseName)) }

    // MARK: Files the daemon publishes

    /// Where the daemon writes its Prometheus metrics when the configuration names no other file.
    public var defaultMetricsURL: URL { child(Self.metricsName) }

    /// Where the daemon answers reload requests (`activetune reload`).
    public var reloadAcknowledgementURL: URL { child(Self.reloadAcknowledgementName) }

    /// The folder an external trainer works in for round `number` (not created here).
    public func roundFolder(_ number: Int) -> URL {
        child(Self.roundsName).appendingPathComponent(String(number))
    }

    /// Where the active model `id` is exported for the rotation command (not created here).
    public func exportFolder(_ id: CheckpointID) -> URL {
        exportsFolder.appendingPathComponent(id.description)
    }

    /// The parent of every export folder.
    public var exportsFolder: URL { child(Self.exportsName) }

    private var checkpointsPath: String { child(Self.checkpointsName).path }

    private func child(_ name: String) -> URL { url.appendingPathComponent(name) }
}
