import Logging
import ServiceLifecycle
import Spool

/// The service that feeds the pool: every name the spool watcher reports is claimed and processed.
public struct IntakeService: Service {
    private let intake: TaskIntake
    private let watcher: SpoolWatcher
    private let signal: WorkSignal
    private let status: StatusReporter

    /// Intake fed by `watcher`; each change wakes the work loop through `signal` and refreshes `status`.
    public init(intake: TaskIntake, watcher: SpoolWatcher, signal: WorkSignal, status: StatusReporter) {
        self.intake = intake
        self.watcher = watcher
        self.signal = signal
        self.status = status
    }

    /// Processes names until graceful shutdown; throws if the spool directory disappears (systemd restarts us).
    public func run() async throws {
        for try await name in try watcher.names().cancelOnGracefulShutdown() {
            if intake.handle(name: name) {
                signal.notify()
                status.refresh()
            }
        }
    }
}
