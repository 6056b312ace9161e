import Foundation
import Logging
import ServiceLifecycle
import Spool
import State
import Systemd
import UnixSignals

/// Handles SIGHUP (reload the configuration, rescan the spool) and SIGTERM/SIGINT (graceful shutdown), and
/// announces shutdown with STOPPING=1.
///
/// The signals are trapped before READY=1 (see `init`), not when the group starts: a stop or reload sent the
/// moment systemd sees READY=1 must not meet the default action, which would end the process ungracefully.
/// It is the last service of the group, so graceful shutdown reaches it first: STOPPING=1 goes out before
/// intake stops and the work loop winds down.
public struct SignalService: Service {
    private let signals: UnixSignalsSequence
    private let shutdown: GroupShutdown
    private let reloader: ConfigurationReloader
    private let watcher: SpoolWatcher
    private let signal: WorkSignal
    private let status: StatusReporter
    private let stateDirectory: StateDirectory
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// `signals` must already trap SIGHUP, SIGTERM and SIGINT; `shutdown` is the group this service runs in.
    /// Reloads are acknowledged in `stateDirectory`, for `activetune reload`.
    public init(signals: UnixSignalsSequence, shutdown: GroupShutdown, reloader: ConfigurationReloader,
                watcher: SpoolWatcher, signal: WorkSignal, status: StatusReporter, stateDirectory: StateDirectory,
                notifier: SystemdNotifier, logger: Logger) {
        self.signals = signals
        self.shutdown = shutdown
        self.reloader = reloader
        self.watcher = watcher
        self.signal = signal
        self.status = status
        self.stateDirectory = stateDirectory
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        for await received in signals.cancelOnGracefulShutdown() {
            guard received == .sighup else {
                logger.info("termination signal received", metadata: ["signal": "\(received)"])
                await shutdown.trigger()
                continue
            }
            let receivedAt = ReloadAcknowledgement.now()
            let outcome = reloader.reload()
            watcher.requestRescan()
            signal.notify()
            status.refresh()
            // Last, so that whoever waits for it sees the new configuration everywhere, STATUS= included.
            let acknowledgement = ReloadAcknowledgement(receivedAt: receivedAt, outcome: outcome)
            do { try acknowledgement.write(to: stateDirectory.reloadAcknowledgementURL) } catch {
                logger.log(event: .error, "could not record the reload's acknowledgement; `activetune reload` will time out",
                           metadata: ["error": "\(error)"])
            }
        }
        logger.log(event: .stopping, "stopping: intake ends, the work loop finishes its current step")
        _ = try? notifier.notify(.stopping)
        status.refresh(step: "stopping")
    }
}
