import Foundation
import GRDB

/// The daemon's durable state: tasks, their scores per model version, rounds and rejections, in SQLite (WAL).
///
/// Every change is one transaction, so a SIGKILL at any instant leaves either the state before or after it.
/// Readers (`activetune status`, `scores`, `taskmap`) open the same file while the daemon runs.
public final class StateStore: Sendable {
    private let database: DatabasePool

    /// The database file inside a state directory.
    public static func databaseURL(stateDirectory: URL) -> URL {
        stateDirectory.appendingPathComponent("state.sqlite")
    }

    /// Opens (creating and migrating if needed) the database of `stateDirectory`.
    /// With `readOnly`, the file must exist and nothing is created.
    public init(stateDirectory: URL, readOnly: Bool = false) throws {
        let url = Self.databaseURL(stateDirectory: stateDirectory)
        if readOnly && !FileManager.default.fileExists(atPath: url.path) {
            throw StateStoreError.noDatabase(url.path)
        }
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        // GRDB's queues default to user-initiated QoS, for which libdispatch renices its worker threads to -4; a
        // service without CAP_SYS_NICE may not, and libdispatch logs each refusal. The default QoS asks nothing.
        config.qos = .default
        config.prepareDatabase { db in
            // FULL: a committed transaction survives power loss too, not only a killed process.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        database = try DatabasePool(path: url.path, configuration: config)
        if !readOnly { try StateSchema.migrator.migrate(database) }
    }

    /// Runs `body` in one write transaction.
    public func write<T>(_ body: (Database) throws -> T) throws -> T { try database.write(body) }

    /// Runs `body` on a consistent read snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }
}

/// Why the state database cannot be used.
public enum StateStoreError: Error, CustomStringConvertible {
    case noDatabase(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "no state database at \(path). HINT: start the daemon once (`activetune daemon --state DIR`), or pass the right --state"
        }
    }
}
