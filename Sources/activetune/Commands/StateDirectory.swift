import Checkpoint
import Daemon
import Foundation
import Logging

/// The `--state` directory shared by the operator commands.
enum StateDirectory {
    /// `./state`: where `make run` (the daemon's local default) keeps its state.
    static let defaultPath = "./state"

    /// The checkpoint store of `state`, refusing to create one where none exists (a typo in --state).
    static func existingStore(_ state: String) throws -> CheckpointStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: state + "/checkpoints", isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw CheckpointError(.notFound, "no checkpoints in '\(state)' (\(state)/checkpoints does not exist)",
                                  hint: "pass the daemon's state directory with --state DIR (default \(defaultPath)), "
                                      + "or run the daemon first")
        }
        return try store(state)
    }

    /// The checkpoint store of `state` (created if needed), with the retention the daemon uses.
    static func store(_ state: String) throws -> CheckpointStore {
        try CheckpointStore(stateDirectory: state, configuration: .init(keepLast: try configuration(state).keepCheckpoints),
                            logger: Logger(label: "activetune.cli"))
    }

    /// The configuration that governs `state`: the one its daemon recorded when a daemon has run there, else the
    /// configuration file (`/etc/activetune/activetune.toml` when it exists) and `ACTIVETUNE_*` variables.
    static func configuration(_ state: String) throws -> DaemonConfiguration {
        let database = StateStore.databaseURL(stateDirectory: URL(fileURLWithPath: state))
        if FileManager.default.fileExists(atPath: database.path),
           let recorded = try StateStore(stateDirectory: URL(fileURLWithPath: state), readOnly: true).recordedConfiguration() {
            return recorded
        }
        return try ConfigurationSource(explicitPath: nil).load()
    }
}
