import ArgumentParser
import Daemon
import Foundation
import Logging
import State

/// The daemon's state as the operator commands open it: through `StateDirectory`, with the checkpoint retention of the
/// configuration that governs it (`DaemonConfiguration.governing`), so `import` or `init` keeps what the daemon keeps.
enum OperatorState {
    /// The database of `path`, read-only (safe while the daemon runs: SQLite WAL); exits 66 (EX_NOINPUT) with a hint
    /// when there is none.
    static func database(_ path: String, command: String) throws -> (state: StateDirectory, store: StateStore) {
        do {
            let state = try StateDirectory(path, access: .readOnly)
            return (state, try state.openDatabase())
        } catch {
            FileHandle.standardError.write(Data("activetune \(command): \(error)\n".utf8))
            throw ExitCode(66)
        }
    }

    /// The model versions of `path`. Read-only requires them to exist (a mistyped --state is reported, not created);
    /// read-write creates the state if needed and prunes as the daemon would.
    static func checkpoints(_ path: String, access: StateDirectory.Access) throws -> (state: StateDirectory, store: CheckpointStore) {
        let state = try StateDirectory(path, access: access)
        // Retention only runs when a version is written or activated, so a read-only store needs no count.
        let keep = access == .readWrite ? try DaemonConfiguration.governing(state).keepCheckpoints : 5
        return (state, try state.openCheckpoints(keepLast: keep, logger: Logger(label: "activetune.cli")))
    }

    /// Pretty, stable JSON for `--json` output.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
