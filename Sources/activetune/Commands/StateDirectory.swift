import Checkpoint
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
        return try CheckpointStore(stateDirectory: state, logger: Logger(label: "activetune.cli"))
    }
}
