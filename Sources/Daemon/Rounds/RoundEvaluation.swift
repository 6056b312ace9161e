import Checkpoint
import Evaluation
import Foundation
import Model
import ModelStore
import Tasks

/// Evaluates a round's model on the configured held-out folder (`evaluation.directory`), and applies the
/// optional gate (`evaluation.gate_margin`): a model that scores worse than the active one by more than the
/// margin is committed for inspection but not activated.
struct RoundEvaluation {
    let configuration: DaemonConfiguration

    var enabled: Bool { !configuration.evaluationDirectory.isEmpty }

    /// The held-out tasks, read and validated fresh each round (the folder may change between rounds).
    func tasks() throws -> [InstructionTask] {
        let folder = URL(fileURLWithPath: configuration.evaluationDirectory)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        let reader = TaskFileReader(sizeCap: configuration.maxFileBytes, followsSymlinks: false)
        return try names.flatMap { try reader.read(contentsOf: folder.appendingPathComponent($0)).tasks }
    }

    /// ROUGE-L and exact match of `model` on the held-out tasks.
    func evaluate(_ model: LanguageModel, tasks: [InstructionTask], context: WorkContext, label: String) throws
        -> EvaluationSummary {
        let evaluator = Evaluator(instancesPerTask: configuration.evaluationInstances,
                                  maxNewTokens: configuration.scoringMaxNewTokens,
                                  stop: StopSequence(configuration.scoringStopSequence))
        let run = try evaluator.evaluate(tasks, model: model.transformer, tokenizer: model.tokenizer) { done, all in
            context.progress("evaluating \(label) \(done)/\(all)")
        }
        return run.summary
    }

    /// Whether `candidate` may replace a model scoring `active` (nil: unknown, so no gate).
    func passes(candidate: Double, active: Double?) -> Bool {
        guard configuration.gateMargin >= 0, let active else { return true }
        return candidate >= active - configuration.gateMargin
    }
}
