import Foundation
import Model
import Tasks

/// Evaluates a model on test tasks as NIV2 does: greedy decoding from the training prompt, the first
/// `instancesPerTask` instances of each task, ROUGE-L (Porter stemming, best reference) and exact match.
///
/// Deterministic: the same model and tasks give the same predictions and scores.
public struct Evaluator: Sendable {
    /// Instances per task, from the start of the file (NIV2's convention: 100).
    public var instancesPerTask: Int
    /// Most tokens generated per instance.
    public var maxNewTokens: Int
    /// Prompts decoded together in one batched call.
    public var batchSize: Int
    /// Where an answer ends besides EOS (nil: EOS and the length limit only); the blank line by default.
    public var stop: StopSequence?

    /// An evaluator; every argument has NIV2's default (100 instances, 128 new tokens), 32 prompts a batch, and
    /// answers end at a blank line.
    public init(instancesPerTask: Int = 100, maxNewTokens: Int = 128, batchSize: Int = 32,
                stop: StopSequence? = StopSequence(StopSequence.blankLine)) {
        self.instancesPerTask = instancesPerTask
        self.maxNewTokens = maxNewTokens
        self.batchSize = batchSize
        self.stop = stop
    }

    /// Decodes and scores `tasks` under `model`; `progress` gets (instances done, instances in all).
    public func evaluate(_ tasks: [InstructionTask], model: Transformer, tokenizer: BPETokenizer,
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> EvaluationRun {
        guard instancesPerTask >= 1, maxNewTokens >= 1, batchSize >= 1 else {
            throw EvaluationError(.emptyInput, "evaluation needs instancesPerTask, maxNewTokens and batchSize of at "
                + "least 1 (got \(instancesPerTask), \(maxNewTokens), \(batchSize)). HINT: pass positive values")
        }
        let encoder = PromptEncoder(tokenizer: tokenizer, contextLength: model.config.contextLength,
                                    maxTargetTokens: maxNewTokens, stop: stop)
        let items = tasks.flatMap { task in
            task.instances.prefix(instancesPerTask).filter { !$0.outputs.isEmpty }.map { (task, $0) }
        }
        let prompts = items.map { encoder.promptTokens(task: $0.0, instance: $0.1) }
        // A task's prompts share its definition and examples (about 80% of an NIV2 prompt), computed once per
        // batch: batches hold whole tasks, each task one prefix group (`batches(_:size:)`).
        let taskOfItem = Self.taskIndices(items.map(\.0.id))
        var outputs = [[Int32]](repeating: [], count: prompts.count)
        var done = 0
        for chunk in Self.batches(taskOfItem, size: batchSize) {
            if Task.isCancelled { throw CancellationError() }
            let decoded = try model.greedyDecode(prompts: chunk.map { prompts[$0] }, maxNewTokens: maxNewTokens,
                                                 stopToken: tokenizer.eosID, prefixGroups: chunk.map { taskOfItem[$0] },
                                                 stop: stop, tokenizer: tokenizer)
            for (i, sequence) in zip(chunk, decoded) { outputs[i] = sequence.tokens }
            done += chunk.count
            progress(done, prompts.count)
        }
        let rouge = RougeL()
        var instances: [EvaluatedInstance] = []
        for ((task, instance), tokens) in zip(items, outputs) {
            // The answer follows `Output:` with its space; the prediction is the answer without it.
            let prediction = tokenizer.decode(tokens).trimmingCharacters(in: .whitespacesAndNewlines)
            let scored = try InstanceEvaluation(task: task.id, kind: task.kind.rawValue, prediction: prediction,
                                                references: instance.outputs, rouge: rouge)
            instances.append(EvaluatedInstance(task: task.id, kind: scored.kind, id: instance.id, prediction: prediction,
                                               references: instance.outputs, rougeL: scored.rougeL,
                                               exactMatch: scored.exactMatch))
        }
        let report = try EvaluationReport(instances.map {
            InstanceEvaluation(task: $0.task, kind: $0.kind, rougeL: $0.rougeL, exactMatch: $0.exactMatch)
        })
        return EvaluationRun(instances: instances, report: report)
    }

    /// Each item's task as a small integer, in order of first appearance.
    static func taskIndices(_ ids: [String]) -> [Int] {
        var index: [String: Int] = [:]
        return ids.map { id in
            if let known = index[id] { return known }
            index[id] = index.count
            return index.count - 1
        }
    }

    /// Item indices in batches of at most `size`, whole tasks together where they fit: a task is never split
    /// unless it alone has more than `size` items (then it fills batches of its own).
    static func batches(_ taskOfItem: [Int], size: Int) -> [[Int]] {
        let tasks = Dictionary(grouping: taskOfItem.indices, by: { taskOfItem[$0] }).sorted { $0.key < $1.key }
        var batches: [[Int]] = [], current: [Int] = []
        for (_, items) in tasks {
            if current.count + items.count > size, !current.isEmpty {
                batches.append(current)
                current = []
            }
            for start in stride(from: 0, to: items.count, by: size) {
                current += items[start..<min(items.count, start + size)]
                if current.count >= size {
                    batches.append(current)
                    current = []
                }
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
