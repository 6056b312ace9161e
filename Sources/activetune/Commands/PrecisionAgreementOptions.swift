import ArgumentParser
import Benchmarks
import Foundation
import Logging
import ModelStore
import Selection
import State
import Tasks

/// `activetune bench --precision-agreement MODEL`: bf16 against fp32 prompt-uncertainty scoring of real NIV2 tasks.
struct PrecisionAgreementOptions: ParsableArguments {
    @Option(name: .customLong("precision-agreement"),
            help: ArgumentHelp("Score \(Self.taskCount) NIV2 tasks from --data with this model (checkpoint, GGUF or HF "
                               + "directory) in fp32 and in bf16 and compare: rank correlation, |dp|, time.",
                               valueName: "MODEL"))
    var model: String?

    /// Tasks compared: the first ones of the tasks directory in name order.
    static let taskCount = 20

    /// Scoring settings of the comparison: small n and k keep it to about a minute for a 135M model on 2 cores.
    static let settings = ScoringSettings(instances: 4, perturbations: 4, maxNewTokens: 32)

    /// Runs the comparison when asked for; nil otherwise.
    func run(data: String) throws -> PrecisionAgreement? {
        guard let model else { return nil }
        let directory = URL(fileURLWithPath: data)
        let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix(".json") }.sorted()
        guard files.count >= Self.taskCount else {
            throw ValidationError("\(data) holds \(files.count) task files, fewer than \(Self.taskCount). "
                                  + "HINT: pass --data with the NIV2 tasks directory (shared/data/niv2/tasks)")
        }
        let reader = TaskFileReader()
        let tasks = try files.prefix(Self.taskCount).map {
            try reader.read(contentsOf: directory.appendingPathComponent($0)).tasks[0]
        }
        let logger = Logger(label: "activetune.bench")
        let loaded = try ModelLocation.checkpointFile(model).load(logger: logger)
        return try PrecisionAgreement.run(model: loaded.transformer, tokenizer: loaded.tokenizer, tasks: tasks,
                                          settings: Self.settings, logger: logger)
    }

    /// One line for the table output.
    static func row(_ a: PrecisionAgreement) -> String {
        func s(_ x: Double) -> String { String(format: "%.3g", x) }
        return "bf16 vs fp32 prompt uncertainty (\(a.tasks.count) NIV2 tasks, n \(a.instances), k \(a.perturbations), "
            + "\(a.isa)): Spearman \(s(a.spearman)), same targets \(s(100 * a.sameTargetShare))%, |dp| max "
            + "\(s(a.maxProbabilityDifference)) median \(s(a.medianProbabilityDifference)), |du| max "
            + "\(s(a.maxUncertaintyDifference)); \(s(a.secondsFP32)) s fp32, \(s(a.secondsBF16)) s bf16 "
            + "(\(s(a.secondsFP32 / a.secondsBF16))x)"
    }
}
