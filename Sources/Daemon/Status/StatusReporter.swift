import Foundation
import Logging
import State
import Synchronization
import Systemd

/// Publishes the daemon's state after every change: STATUS= to systemd and the Prometheus metrics file.
public final class StatusReporter: Sendable {
    private let store: StateStore
    private let stateDirectory: StateDirectory
    private let configuration: LiveConfiguration
    private let metrics: MetricsTextfile
    private let notifier: SystemdNotifier
    private let logger: Logger
    /// What the work loop does now, and the last STATUS= line sent (an unchanged line is not sent again).
    private let published = Mutex((step: "starting", line: ""))

    /// A reporter publishing `store`'s state to `notifier` (STATUS=) and `metrics`.
    public init(store: StateStore, stateDirectory: StateDirectory, configuration: LiveConfiguration, metrics: MetricsTextfile,
                notifier: SystemdNotifier, logger: Logger) {
        self.store = store
        self.stateDirectory = stateDirectory
        self.configuration = configuration
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
    }

    /// The metrics file for a configuration: `metrics.textfile`, or `metrics.prom` in the state directory.
    public static func metricsURL(_ configuration: DaemonConfiguration, stateDirectory: StateDirectory) -> URL {
        configuration.metricsTextfile.isEmpty
            ? stateDirectory.defaultMetricsURL
            : URL(fileURLWithPath: configuration.metricsTextfile)
    }

    /// Re-reads the state and publishes it; `step` (when given) replaces what the work loop is doing.
    /// Returns the STATUS= line sent.
    @discardableResult
    public func refresh(step newStep: String? = nil) -> String? {
        // One refresh at a time: intake and the work loop both refresh, and the metrics file has one temporary name.
        published.withLock { published -> String? in
            if let newStep { published.step = newStep }
            return publish(&published)
        }
    }

    private func publish(_ published: inout (step: String, line: String)) -> String? {
        do {
            let model = stateDirectory.activeModelID?.description
            let summary = try store.summary(activeModel: model)
            let line = StatusLine.render(summary, policy: BudgetPolicy(configuration.current), step: published.step)
            if line != published.line {
                try notifier.notify(.status(line))
                published.line = line
            }
            try metrics.write(try snapshot(summary, model: model))
            return line
        } catch {
            logger.log(event: .error, "publishing status failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func snapshot(_ summary: StateStore.Summary, model: String?) throws -> MetricsSnapshot {
        var snapshot = MetricsSnapshot()
        snapshot.poolSize = summary.pool
        snapshot.tasksAccepted = summary.tasks
        snapshot.tasksScored = summary.scores
        snapshot.rejected = summary.rejections
        snapshot.rounds = summary.rounds.filter { StoredRound.Status(rawValue: $0.key)?.inProgress != true }
        snapshot.activeModel = model
        // Round code records these as settings; they are exported as they are.
        snapshot.lastLoss = try store.setting("last_loss").flatMap(Double.init)
        snapshot.lastCommitSeconds = try store.setting("last_commit_seconds").flatMap(Double.init)
        snapshot.lastCommitTime = try store.setting("last_commit_time").flatMap(Double.init)
        return snapshot
    }
}
