import Checkpoint
import Foundation
import Logging
import Model
import ServiceLifecycle
import Spool
import State
import Systemd
import UnixSignals

/// The `activetune daemon` process: opens the state, recovers, then runs intake and the work loop as services
/// in one `ServiceGroup` until SIGTERM or SIGINT (graceful: the current file and work step finish).
/// `SignalService` turns those signals into the group's graceful shutdown; it traps them before READY=1.
///
/// Start-up order: state database, files left in `processing/` by a crash, checkpoint recovery (leftover
/// temporary files removed, the active model verified, or `previous` activated), each work item's `recover`
/// (e.g. an interrupted round), then READY=1 and STATUS=.
public struct Daemon: Sendable {
    private let source: ConfigurationSource
    private let configuration: DaemonConfiguration
    private let work: [any ModelWork]
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// A daemon with `configuration` (read from `source`, which SIGHUP reads again) running `work`.
    public init(configuration: DaemonConfiguration, source: ConfigurationSource, work: [any ModelWork],
                notifier: SystemdNotifier = SystemdNotifier(), logger: Logger) {
        self.configuration = configuration
        self.source = source
        self.work = work
        self.notifier = notifier
        self.logger = logger
    }

    /// Why the computation is slower than this CPU allows, if it is: the CPU's bf16 unusable in this process, or
    /// bf16 configured on a CPU that has to emulate it. For `status` and the journal.
    static func computeNote(_ precision: Precision) -> String? {
        if precision == .fp32, let reason = Precision.bf16UnusableReason {
            return "bf16 unavailable, computing in fp32: \(reason)"
        }
        if precision == .bf16, Precision.bf16IsEmulated {
            return "bf16 is emulated on this CPU (neither AMX nor AVX512-BF16): slower than fp32, same numbers as "
                + "native bf16 up to summation order; model.precision = \"auto\" picks fp32 here"
        }
        return nil
    }

    /// Runs until graceful shutdown; throws when start-up fails or the spool directory disappears.
    public func run() async throws {
        let live = LiveConfiguration(configuration)
        let stateDirectory: StateDirectory
        let store: StateStore
        do {
            stateDirectory = try StateDirectory(configuration.statePath, access: .readWrite)
            store = try stateDirectory.openDatabase()
        } catch {
            throw DaemonError(.stateUnusable, "opening the state in \(configuration.statePath)", underlying: error)
        }
        // What the models compute in (`model.precision` resolved for this CPU), for `status` and the journal.
        let precision = Compute.precision
        do {
            try store.recordConfiguration(configuration)
            try store.setSetting("compute_precision", precision.rawValue)
            try store.setSetting("compute_isa", precision.isa)
            try store.setSetting("compute_note", Self.computeNote(precision) ?? "")
        } catch {
            throw DaemonError(.stateUnusable, "recording the configuration in \(stateDirectory.path)", underlying: error)
        }
        let intake = TaskIntake(spoolDirectory: configuration.spoolPath, store: store, configuration: live,
                                logger: logger)
        let watcher: SpoolWatcher
        do {
            try FileManager.default.createDirectory(atPath: configuration.spoolPath, withIntermediateDirectories: true)
            try intake.spool.prepare()
            watcher = try SpoolWatcher(spool: intake.spool, logger: logger)
            let recovered = try intake.recover()
            if recovered > 0 {
                logger.log(event: .recovered, "finished files left in processing/", metadata: ["files": "\(recovered)"])
            }
        } catch {
            throw DaemonError(.spoolUnusable, "preparing the spool \(configuration.spoolPath)", underlying: error)
        }
        let checkpoints = try recoverCheckpoints(stateDirectory: stateDirectory)
        let metrics = MetricsTextfile(url: StatusReporter.metricsURL(configuration, stateDirectory: stateDirectory))
        let status = StatusReporter(store: store, stateDirectory: stateDirectory, configuration: live,
                                    metrics: metrics, notifier: notifier, logger: logger)
        let signal = WorkSignal()
        let loop = WorkLoop(items: work, state: store, stateDirectory: stateDirectory, checkpoints: checkpoints,
                            configuration: live,
                            signal: signal, status: status, notifier: notifier,
                            pinger: WatchdogPinger(notifier: notifier, watchdogInterval: try notifier.watchdogInterval),
                            logger: logger)
        try await loop.recover()
        let signals = await UnixSignalsSequence(trapping: .sighup, .sigterm, .sigint)
        let shutdown = GroupShutdown()

        if let note = Self.computeNote(precision) {
            logger.log(event: .error, "\(note)", level: .warning)
        }
        try notifier.notify(.ready)
        status.refresh(step: "idle")
        logger.log(event: .started, "activetune daemon ready", metadata: [
            "spool": "\(configuration.spoolPath)", "state": "\(stateDirectory.path)",
            "config": "\(source.path ?? "(defaults)")", "work": "\(work.map(\.name).joined(separator: ","))",
            "precision": "\(precision)", "isa": "\(precision.isa)",
        ])

        let reloader = ConfigurationReloader(source: source, live: live, notifier: notifier, logger: logger,
                                             record: { try store.recordConfiguration($0) })
        // Graceful shutdown runs in reverse order: signals (STOPPING=1) first, then intake, then the work loop.
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: loop),
                .init(service: IntakeService(intake: intake, watcher: watcher, signal: signal, status: status)),
                .init(service: SignalService(signals: signals, shutdown: shutdown, reloader: reloader, watcher: watcher,
                                             signal: signal, status: status, stateDirectory: stateDirectory, notifier: notifier,
                                             logger: logger)),
            ],
            logger: logger))
        shutdown.attach(group)
        try await group.run()
        status.refresh(step: "stopped")
        logger.notice("activetune daemon stopped")
    }

    /// Opens the checkpoint store and repairs what a crash left, so the work items start from a model that loads.
    private func recoverCheckpoints(stateDirectory: StateDirectory) throws -> CheckpointStore {
        do {
            let store = try stateDirectory.openCheckpoints(keepLast: configuration.keepCheckpoints, logger: logger)
            let report = try store.recover()
            if report.switchedModel || !report.removedTemporaryFiles.isEmpty {
                logger.log(event: .recovered, "checkpoints recovered", metadata: [
                    "checkpoint.id": "\(report.active.map(\.description) ?? "none")",
                    "checkpoint.rejected": "\(report.rejected.map(\.description) ?? "none")",
                    "reason": "\(report.reason ?? "")",
                    "removed": "\(report.removedTemporaryFiles.joined(separator: ","))",
                ])
            }
            return store
        } catch {
            throw DaemonError(.stateUnusable, "recovering the checkpoints in \(stateDirectory.path)", underlying: error)
        }
    }
}
