import ArgumentParser
import Daemon
import Foundation

/// Opens the daemon's state read-only for an operator command (safe while the daemon runs: SQLite WAL).
enum StateReader {
    /// The store in `directory`; exits 66 (EX_NOINPUT) with a hint when there is no database.
    static func open(_ directory: String, command: String) throws -> StateStore {
        do {
            return try StateStore(stateDirectory: URL(fileURLWithPath: directory), readOnly: true)
        } catch {
            FileHandle.standardError.write(Data("activetune \(command): \(error)\n".utf8))
            throw ExitCode(66)
        }
    }

    /// Pretty, stable JSON for `--json` output.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
