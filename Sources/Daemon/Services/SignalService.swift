import Logging
import ServiceLifecycle
import Spool
import Systemd
import UnixSignals

/// Handles SIGHUP (reload the configuration, rescan the spool) and announces shutdown with STOPPING=1.
///
/// It is the last service of the group, so graceful shutdown reaches it first: STOPPING=1 goes out before
/// intake stops and the work loop winds down.
public struct SignalService: Service {
    private let hangups: UnixSignalsSequence
    private let reloader: ConfigurationReloader
    private let watcher: SpoolWatcher
    private let signal: WorkSignal
    private let status: StatusReporter
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// `hangups` must already trap SIGHUP (made before READY=1), so a reload sent right after start-up is not
    /// taken by the default action, which would end the process.
    public init(hangups: UnixSignalsSequence, reloader: ConfigurationReloader, watcher: SpoolWatcher, signal: WorkSignal, status: StatusReporter,
                notifier: SystemdNotifier, logger: Logger) {
        self.hangups = hangups
        self.reloader = reloader
        self.watcher = watcher
        self.signal = signal
        self.status = status
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            reloader.reload()
            watcher.requestRescan()
            signal.notify()
            status.refresh()
        }
        logger.log(event: .stopping, "stopping: intake ends, the work loop finishes its current step")
        _ = try? notifier.notify(.stopping)
        status.refresh(step: "stopping")
    }
}
