@testable import Evaluation
import Model
import Tasks
import Testing

@Suite("Evaluator")
struct EvaluatorTests {
    static func task(_ id: String, kind: TaskKind, instances: Int) -> InstructionTask {
        InstructionTask(
            id: id, definition: "Answer yes or no.",
            positiveExamples: [TaskExample(input: "Is water wet?", output: "yes")],
            instances: (0..<instances).map { TaskInstance(id: "\(id)-\($0)", input: "Question \($0)?", outputs: ["yes", "no"]) },
            format: .niv2, kind: kind)
    }

    @Test("greedy predictions on the first N instances, scored with NIV2's ROUGE-L; deterministic")
    func deterministicRun() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let model = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 128, layers: 1, heads: 2, width: 32), seed: 5)
        let tasks = [Self.task("c", kind: .classification, instances: 5), Self.task("g", kind: .generation, instances: 2)]
        let evaluator = Evaluator(instancesPerTask: 3, maxNewTokens: 6, batchSize: 2)
        var reported: [(Int, Int)] = []
        let run = try evaluator.evaluate(tasks, model: model, tokenizer: tokenizer, progress: { reported.append(($0, $1)) })
        #expect(run.instances.map(\.id) == ["c-0", "c-1", "c-2", "g-0", "g-1"])
        #expect(reported.last! == (5, 5))
        let rouge = RougeL()
        for instance in run.instances {
            #expect(instance.references == ["yes", "no"])
            #expect(instance.rougeL == 100 * (try rouge.fmeasure(prediction: instance.prediction, references: ["yes", "no"])))
            // The prediction is the decoded answer without the space it starts with (and any trailing whitespace).
            #expect(instance.prediction == instance.prediction.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(tokenizer.encode(" " + instance.prediction).count <= 6)
        }
        #expect(run.report.byKind.keys.sorted() == ["classification", "generation"])
        #expect(run.report.overall.instances == 5)
        let mean = run.instances.map(\.rougeL).reduce(0, +) / 5
        #expect(abs(run.summary.rougeL - mean) < 1e-9)
        #expect(run.summary.provenance["rougeL.task.c"] == run.report.byTask["c"]?.rougeL)
        #expect(try evaluator.evaluate(tasks, model: model, tokenizer: tokenizer) == run)
    }

    @Test("batches hold whole tasks, and sharing each task's prompt prefix changes no prediction")
    func batchesOfWholeTasks() throws {
        #expect(Evaluator.taskIndices(["a", "a", "b", "c", "b"]) == [0, 0, 1, 2, 1])
        #expect(Evaluator.batches([0, 0, 0, 1, 1, 2, 2, 2, 2], size: 5) == [[0, 1, 2, 3, 4], [5, 6, 7, 8]])
        // A task larger than a batch fills batches of its own; what is left of it may share with the next task.
        #expect(Evaluator.batches([0, 0, 0, 0, 0, 1], size: 2) == [[0, 1], [2, 3], [4, 5]])
        #expect(Evaluator.batches([0, 1, 0], size: 8) == [[0, 2, 1]])
        let tokenizer = try BPETokenizer.embeddedDefault()
        let model = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 128, layers: 2, heads: 2, width: 32),
                                    seed: 9)
        let tasks = [Self.task("c", kind: .classification, instances: 4), Self.task("g", kind: .generation, instances: 3)]
        let alone = try Evaluator(instancesPerTask: 4, maxNewTokens: 8, batchSize: 1)
            .evaluate(tasks, model: model, tokenizer: tokenizer)
        let together = try Evaluator(instancesPerTask: 4, maxNewTokens: 8, batchSize: 32)
            .evaluate(tasks, model: model, tokenizer: tokenizer)
        #expect(together == alone)
        #expect(together.instances.map(\.id) == ["c-0", "c-1", "c-2", "c-3", "g-0", "g-1", "g-2"])
    }

    @Test("no tasks, or settings below 1, are errors, not crashes")
    func invalidInput() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let model = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 64, layers: 1, heads: 2, width: 32), seed: 5)
        #expect(throws: EvaluationError.self) { try Evaluator().evaluate([], model: model, tokenizer: tokenizer) }
        #expect(throws: EvaluationError.self) {
            try Evaluator(instancesPerTask: 0).evaluate([Self.task("c", kind: .generation, instances: 1)],
                                                        model: model, tokenizer: tokenizer)
        }
    }
}
