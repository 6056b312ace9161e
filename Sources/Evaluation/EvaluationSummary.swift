/// The few numbers a round records about a model: overall, per kind and per task ROUGE-L (micro, ×100).
public struct EvaluationSummary: Sendable, Codable, Equatable {
    /// Mean ROUGE-L over every instance.
    public var rougeL: Double
    /// Mean exact match over every instance.
    public var exactMatch: Double
    /// Mean ROUGE-L over the instances of each kind ("classification", "generation").
    public var rougeLByKind: [String: Double]
    /// Mean ROUGE-L of each task.
    public var rougeLByTask: [String: Double]

    /// A summary from its numbers.
    public init(rougeL: Double, exactMatch: Double, rougeLByKind: [String: Double], rougeLByTask: [String: Double]) {
        self.rougeL = rougeL
        self.exactMatch = exactMatch
        self.rougeLByKind = rougeLByKind
        self.rougeLByTask = rougeLByTask
    }

    /// The summary of a report.
    public init(_ report: EvaluationReport) {
        rougeL = report.overall.micro.rougeL
        exactMatch = report.overall.micro.exactMatch
        rougeLByKind = report.byKind.mapValues(\.micro.rougeL)
        rougeLByTask = report.byTask.mapValues(\.rougeL)
    }

    /// Flat keys for a checkpoint's provenance: `rougeL`, `exactMatch`, `rougeL.<kind>`, `rougeL.task.<id>`.
    public var provenance: [String: Double] {
        var flat = ["rougeL": rougeL, "exactMatch": exactMatch]
        for (kind, value) in rougeLByKind { flat["rougeL.\(kind)"] = value }
        for (task, value) in rougeLByTask { flat["rougeL.task.\(task)"] = value }
        return flat
    }
}
