/// The numbers the daemon exports for Prometheus (node_exporter's textfile collector).
public struct MetricsSnapshot: Sendable, Equatable {
    /// Accepted tasks waiting in the pool (not yet selected).
    public var poolSize = 0
    /// Accepted tasks in all.
    public var tasksAccepted = 0
    /// Task scores computed (over all model versions).
    public var tasksScored = 0
    /// Rejected files per reason code.
    public var rejected: [String: Int] = [:]
    /// Rounds finished, per outcome (`rotated`, `gated`, `failed`).
    public var rounds: [String: Int] = [:]
    /// The last training loss logged.
    public var lastLoss: Double?
    /// Seconds the last checkpoint commit took.
    public var lastCommitSeconds: Double?
    /// When the last checkpoint was committed (seconds since 1970).
    public var lastCommitTime: Double?
    /// The active model's checkpoint id.
    public var activeModel: String?

    public init() {}

    /// The Prometheus text exposition format (version 0.0.4).
    public func render() -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            out += "# HELP activetune_\(name) \(help)\n# TYPE activetune_\(name) \(type)\n"
            for s in samples { out += "activetune_\(name)\(s.labels) \(format(s.value))\n" }
        }
        // Not `pool_size`: that is the name of the threshold (`budget.pool_size`) this count is compared with.
        metric("pool_tasks", "gauge", "Accepted tasks waiting to be selected.", [("", Double(poolSize))])
        metric("tasks_accepted_total", "counter", "Tasks accepted from the spool.", [("", Double(tasksAccepted))])
        metric("tasks_scored_total", "counter", "Task scores computed, over all model versions.", [("", Double(tasksScored))])
        metric("tasks_rejected_total", "counter", "Files moved to failed/, by reason.",
               rejected.sorted { $0.key < $1.key }.map { ("{reason=\"\(escape($0.key))\"}", Double($0.value)) })
        metric("rounds_total", "counter", "Training rounds finished, by outcome.",
               rounds.sorted { $0.key < $1.key }.map { ("{outcome=\"\(escape($0.key))\"}", Double($0.value)) })
        if let lastLoss { metric("last_loss", "gauge", "The last training loss logged.", [("", lastLoss)]) }
        if let lastCommitSeconds {
            metric("checkpoint_commit_seconds", "gauge", "Duration of the last checkpoint commit.", [("", lastCommitSeconds)])
        }
        if let lastCommitTime {
            metric("checkpoint_last_commit_timestamp_seconds", "gauge", "When the last checkpoint was committed.",
                   [("", lastCommitTime)])
        }
        if let activeModel {
            metric("active_model_info", "gauge", "The active model version (value is always 1).",
                   [("{model=\"\(escape(activeModel))\"}", 1)])
        }
        return out
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// Label values escape backslash, quote and newline.
    private func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
