import Logging
import Systemd

/// SIGHUP: reads the configuration again and applies what can change while the daemon runs.
public struct ConfigurationReloader: Sendable {
    private let source: ConfigurationSource
    private let live: LiveConfiguration
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let record: @Sendable (DaemonConfiguration) throws -> Void

    /// A reloader reading `source` into `live`, announcing RELOADING=1 / READY=1 through `notifier`; `record` keeps
    /// each configuration put in force (the daemon records it in the state, for the operator commands).
    public init(source: ConfigurationSource, live: LiveConfiguration, notifier: SystemdNotifier, logger: Logger,
                record: @escaping @Sendable (DaemonConfiguration) throws -> Void = { _ in }) {
        self.source = source
        self.live = live
        self.notifier = notifier
        self.logger = logger
        self.record = record
    }

    /// What a reload did: the keys applied now and the changed keys left for a restart.
    public struct Result: Sendable, Equatable {
        /// Changed keys now in force.
        public var applied: [String]
        /// Changed keys ignored until the daemon restarts.
        public var needRestart: [String]
    }

    /// How a reload ended.
    public enum Outcome: Sendable, Equatable {
        /// The file was read and its live keys are in force.
        case applied(Result)
        /// The file has problems (the description says which); the running configuration stays in force.
        case refused(String)

        /// The changes of an applied reload; nil when it was refused.
        public var changes: Result? {
            if case .applied(let result) = self { result } else { nil }
        }
    }

    /// Reloads; a configuration with problems is logged and ignored, leaving the running one in force.
    @discardableResult
    public func reload() -> Outcome {
        _ = try? notifier.notify(.reloading)
        defer { _ = try? notifier.notify(.ready) }
        let next: DaemonConfiguration
        do {
            next = try source.load()
        } catch {
            logger.log(event: .error, "configuration not reloaded; the running configuration stays in force",
                       metadata: ["error": "\(error)"])
            return .refused("\(error)")
        }
        let current = live.current
        let changed = next.changedKeys(comparedWith: current)
        let result = Result(applied: changed.filter { !$0.needsRestart }.map(\.name),
                            needRestart: changed.filter(\.needsRestart).map(\.name))
        live.replace(with: current.applyingLiveKeys(of: next))
        do { try record(live.current) } catch {
            logger.log(event: .error, "could not record the configuration in force; `activetune status` may show the old one",
                       metadata: ["error": "\(error)"])
        }
        logger.log(event: .reloaded, "configuration reloaded", metadata: [
            "changed": "\(result.applied.joined(separator: ","))",
            "file": "\(source.path ?? "(defaults)")",
        ])
        if !result.needRestart.isEmpty {
            logger.log(event: .reloaded, "configuration keys changed that take effect only after a restart",
                       level: .warning, metadata: [
                           "restart_required": "\(result.needRestart.joined(separator: ","))",
                           "hint": "systemctl restart activetune",
                       ])
        }
        return .applied(result)
    }
}
