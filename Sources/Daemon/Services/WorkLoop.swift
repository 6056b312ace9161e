import Checkpoint
import Foundation
import Logging
import ServiceLifecycle
import State
import Systemd

/// The service that runs model work, one item at a time, and pets the systemd watchdog while it does.
///
/// It is the only place model work runs, so the watchdog proves that this loop, not just the process, is alive.
public struct WorkLoop: Service {
    /// The work items, in priority order. Empty until model work is registered: the loop then only pets the
    /// watchdog and keeps STATUS= current.
    public let items: [any ModelWork]
    private let state: StateStore
    private let stateDirectory: StateDirectory
    private let checkpoints: CheckpointStore
    private let configuration: LiveConfiguration
    private let signal: WorkSignal
    private let status: StatusReporter
    private let notifier: SystemdNotifier
    private let pinger: WatchdogPinger
    private let logger: Logger
    /// The longest sleep when idle: bounds how late a time-based budget (`budget.max_wait_seconds`) is noticed.
    private let idleTimeout: Duration

    /// A loop over `items`; its idle waits last up to `idleTimeout` and never past the next due watchdog ping.
    public init(items: [any ModelWork], state: StateStore, stateDirectory: StateDirectory, checkpoints: CheckpointStore,
                configuration: LiveConfiguration,
                signal: WorkSignal, status: StatusReporter, notifier: SystemdNotifier, pinger: WatchdogPinger,
                logger: Logger, idleTimeout: Duration = .seconds(30)) {
        self.items = items
        self.state = state
        self.stateDirectory = stateDirectory
        self.checkpoints = checkpoints
        self.configuration = configuration
        self.signal = signal
        self.status = status
        self.notifier = notifier
        self.pinger = pinger
        self.logger = logger
        self.idleTimeout = idleTimeout
    }

    /// A context for `item`'s next step, with the configuration in force now.
    public func context(for item: any ModelWork) -> WorkContext {
        WorkContext(state: state, configuration: configuration.current, stateDirectory: stateDirectory,
                    checkpoints: checkpoints, logger: logger, notifier: notifier,
                    progress: { [pinger, status, logger] step in
                        Self.ping(pinger, logger)
                        status.refresh(step: "\(item.name): \(step)")
                    },
                    stateChanged: { [status] in status.refresh() })
    }

    /// Runs every item's start-up recovery, in order; before READY=1.
    public func recover() async throws {
        for item in items {
            Self.ping(pinger, logger)
            try await item.recover(context(for: item))
        }
    }

    /// Steps the items until graceful shutdown, which cancels the step in progress (items stop at a safe point).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                Self.ping(pinger, logger)
                if await stepOnce() { continue }
                status.refresh(step: "idle")
                await signal.wait(timeout: idleWait)
            }
        }
    }

    /// Asks each item in turn; returns true as soon as one did something.
    private func stepOnce() async -> Bool {
        for item in items where !Task.isCancelled {
            do {
                if try await item.step(context(for: item)) == .worked {
                    status.refresh()
                    return true
                }
            } catch is CancellationError {
                return false
            } catch {
                logger.log(event: .error, "model work failed; it is retried later", metadata: [
                    "work": "\(item.name)", "error": "\(error)",
                ])
                try? state.setSetting("last_error", "\(item.name): \(error)")
                status.refresh(step: "\(item.name) failed, retrying")
                // Back off so a persistent failure does not spin the CPU; still pet the watchdog meanwhile.
                try? await Task.sleep(for: idleWait)
                return false
            }
        }
        return false
    }

    /// How long the loop may sleep now: up to `idleTimeout`, and never past the next due watchdog ping.
    var idleWait: Duration { min(idleTimeout, pinger.untilNextPing ?? idleTimeout) }

    private static func ping(_ pinger: WatchdogPinger, _ logger: Logger) {
        do { try pinger.ping() } catch {
            logger.log(event: .error, "watchdog ping failed", metadata: ["error": "\(error)"])
        }
    }
}
