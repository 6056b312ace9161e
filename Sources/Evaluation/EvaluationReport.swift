/// The scores of a set of predictions: overall, per kind (classification / generation) and per task.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// All instances.
    public var overall: MetricSummary
    /// The instances of each kind, keyed by kind.
    public var byKind: [String: MetricSummary]
    /// Each task's mean over its instances, keyed by task.
    public var byTask: [String: Metrics]

    /// Aggregates evaluated instances. Throws when there are none, or when one task is given two kinds.
    public init(_ instances: [InstanceEvaluation]) throws(EvaluationError) {
        guard !instances.isEmpty else {
            throw EvaluationError(.emptyInput, "no evaluated instances to aggregate. "
                + "HINT: evaluate at least one prediction before building a report")
        }
        var kindOfTask: [String: String] = [:]
        var perTask: [String: [Metrics]] = [:]
        for instance in instances {
            if let known = kindOfTask[instance.task], known != instance.kind {
                throw EvaluationError(.inconsistentKind, "task \(instance.task) has instances of kind \(known) "
                    + "and of kind \(instance.kind). HINT: give every instance of a task the task's kind")
            }
            kindOfTask[instance.task] = instance.kind
            perTask[instance.task, default: []].append(Metrics(rougeL: instance.rougeL, exactMatch: instance.exactMatch))
        }
        let byTask = perTask.mapValues(Metrics.mean)
        func summary(_ subset: [InstanceEvaluation]) -> MetricSummary {
            let tasks = Set(subset.map(\.task)).sorted()
            return MetricSummary(
                instances: subset.count, tasks: tasks.count,
                micro: Metrics.mean(subset.map { Metrics(rougeL: $0.rougeL, exactMatch: $0.exactMatch) }),
                macro: Metrics.mean(tasks.compactMap { byTask[$0] }))
        }
        overall = summary(instances)
        byKind = Dictionary(grouping: instances, by: \.kind).mapValues(summary)
        self.byTask = byTask
    }
}
