import Foundation
import GRDB

/// The daemon's durable state: tasks, their scores per model version, rounds and rejections, in SQLite (WAL).
///
/// Every change is one transaction, so a SIGKILL at any instant leaves either the state before or after it.
/// Readers (`activetune status`, `scores`, `taskmap`) open the same file while the daemon runs.
public final class StateStore: Sendable {
    private let database: DatabasePool

    /// Opens (creating and migrating if needed) the database at `url`; `StateDirectory.openDatabase` says where.
    /// With `readOnly`, nothing is created or migrated.
    init(url: URL, readOnly: Bool) throws {
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
