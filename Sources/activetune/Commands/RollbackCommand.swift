import ArgumentParser
import Checkpoint
import Daemon
import Foundation
import Logging
import State
import Systemd

/// `activetune rollback`: switch the active model back, atomically; safe while the daemon runs.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Switch the active model back to the previous version (or --to ID), atomically.",
        discussion: """
            The target is verified (checksums and header) before it becomes active; the model that was \
            active becomes `previous`, so a second rollback undoes the first. A lock file serialises this \
            with the daemon's commits, so it is safe to run while the daemon runs.
            """
    )

    @Option(help: "The daemon's state directory; checkpoints live in its checkpoints/ folder.")
    var state = StateDirectory.defaultPath

    @Option(help: "The version to activate, e.g. 000042-1a2b3c4d (see `activetune checkpoints`).")
    var to: String?

    func validate() throws {
        if let to, CheckpointID(to) == nil {
            throw ValidationError("'\(to)' is not a checkpoint ID (like 000042-1a2b3c4d); "
                                  + "HINT: list them with `activetune checkpoints`")
        }
    }

    func run() throws {
        // Read-only first: a rollback needs versions to roll back to, and a mistyped --state must not create a state.
        _ = try OperatorState.checkpoints(state, access: .readOnly)
        let (directory, store) = try OperatorState.checkpoints(state, access: .readWrite)
        let before = store.activeID
        let now = try store.rollback(to: to.flatMap { CheckpointID($0) })
        // Recorded in the state too, so `activetune status` shows that the active model is not the last round's.
        if directory.hasDatabase {
            try directory.openDatabase()
                .recordRollback(from: before?.description, to: now.description, at: Date().timeIntervalSince1970)
        }
        Logger(label: "activetune.cli").log(event: .rolledBack, "active model rolled back", metadata: [
            "model": "\(now)", "previous": "\(before.map(\.description) ?? "none")",
        ])
        print("active model: \(now) (was \(before.map(\.description) ?? "none"))")
    }
}
