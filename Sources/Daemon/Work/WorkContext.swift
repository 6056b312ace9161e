import Checkpoint
import Foundation
import Logging
import State
import Systemd

/// What a work item gets for one step: the state, the configuration in force, and the daemon's channels.
public struct WorkContext: Sendable {
    /// The state database (tasks, scores, rounds, settings such as `last_loss`).
    public let state: StateStore
    /// The configuration in force for this step (SIGHUP may change it between steps).
    public let configuration: DaemonConfiguration
    /// The state directory.
    public let stateDirectory: StateDirectory
    /// The model versions in `STATE/checkpoints` (recovered at start-up; commit, activate, load the active one).
    public let checkpoints: CheckpointStore
    /// The logger; log catalogued events with `logger.log(event:_:metadata:)`.
    public let logger: Logger
    /// For EXTEND_TIMEOUT_USEC during a checkpoint commit or a slow recovery.
    public let notifier: SystemdNotifier
    private let report: @Sendable (String) -> Void
    private let changed: @Sendable () -> Void

    /// A context; the daemon makes these, tests may too.
    public init(state: StateStore, configuration: DaemonConfiguration, stateDirectory: StateDirectory,
                checkpoints: CheckpointStore, logger: Logger,
                notifier: SystemdNotifier, progress: @escaping @Sendable (String) -> Void,
                stateChanged: @escaping @Sendable () -> Void) {
        self.state = state
        self.configuration = configuration
        self.stateDirectory = stateDirectory
        self.checkpoints = checkpoints
        self.logger = logger
        self.notifier = notifier
        self.report = progress
        self.changed = stateChanged
    }

    /// Reports what the step is doing now (e.g. `training 120/400 loss 2.31`): pets the watchdog and puts it
    /// into STATUS=. Call it at least every few seconds during long work.
    public func progress(_ step: String) { report(step) }

    /// Says the state changed (a score stored, a round finished): STATUS= and the metrics file are refreshed.
    public func stateChanged() { changed() }
}
