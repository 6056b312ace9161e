import Dispatch
import Logging
import Model
import Tasks

/// Prompt-uncertainty scoring throughput on real tasks, with the shared-prefix pass and without.
///
/// Each task is scored once end to end (greedy decoding + the shared-prefix pass); then the same
/// teacher-forced work is timed again both ways. Decoding is identical in both modes, so the naive
/// task time is the measured end-to-end time with the shared-prefix pass swapped for the naive one
/// (`meanNLLWithoutPrefixReuse`: every full prompt + target sequence from scratch).
public struct UncertaintyBenchmark: Sendable, Encodable {
    /// NIV2 train tasks of typical length (definition + two examples of 300...900 characters); one classification.
    public static let defaultTasks = [
        "task843_financial_phrasebank_classification", "task1364_hans_answer_generation",
        "task294_storycommonsense_motiv_text_generation", "task179_participant_extraction",
    ]

    /// The tasks measured.
    public var tasks: [String]
    /// The settings used (n, k, p, new tokens).
    public var instances: Int, perturbations: Int, maxNewTokens: Int
    /// Tasks scored per second with the shared-prefix pass (decoding included).
    public var tasksPerSecondReuse: Double
    /// Tasks scored per second with every sequence scored from scratch (decoding included).
    public var tasksPerSecondNaive: Double
    /// Seconds of everything but the teacher-forced pass (mostly greedy decoding) over all tasks.
    public var decodeSeconds: Double
    /// Seconds of the teacher-forced passes over all tasks, shared-prefix and naive.
    public var passSecondsReuse: Double, passSecondsNaive: Double

    private enum CodingKeys: String, CodingKey {
        case tasks, instances, perturbations
        case maxNewTokens = "max_new_tokens", tasksPerSecondReuse = "tasks_per_s_reuse"
        case tasksPerSecondNaive = "tasks_per_s_naive", decodeSeconds = "decode_s"
        case passSecondsReuse = "pass_s_reuse", passSecondsNaive = "pass_s_naive"
    }

    /// Measures `tasks` against `model` with `settings` (the paper's by default).
    public static func run(model: GPT2, tokenizer: BPETokenizer, tasks: [InstructionTask],
                           settings: ScoringSettings = ScoringSettings(), logger: Logger) throws -> UncertaintyBenchmark {
        let scorer = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: settings, logger: logger)
        var total = 0.0, reusePass = 0.0, naivePass = 0.0
        for task in tasks {
            var scored: ScoredTask?
            total += try seconds { scored = try scorer.score(task, explain: true) }
            let instances = scored?.instances ?? []
            let k = instances.first?.promptTokens?.count ?? 0
            let plan = ScoringPlan(prompts: (0..<k).map { j in instances.map { $0.promptTokens?[j] ?? [] } },
                                   targets: instances.map { $0.targetTokens ?? [] })
            reusePass += try seconds { _ = try plan.meanNLL(model, prefixReuse: true) }
            naivePass += try seconds { _ = try plan.meanNLL(model, prefixReuse: false) }
            logger.info("benchmark task scored", metadata: ["task.id": "\(task.id)", "seconds": "\(total)"])
        }
        // The end-to-end run holds one shared-prefix pass; its separately timed twin stands in for it.
        let decode = max(0, total - reusePass)
        return UncertaintyBenchmark(
            tasks: tasks.map(\.id), instances: settings.instances, perturbations: settings.perturbations,
            maxNewTokens: settings.maxNewTokens, tasksPerSecondReuse: Double(tasks.count) / total,
            tasksPerSecondNaive: Double(tasks.count) / (decode + naivePass), decodeSeconds: decode,
            passSecondsReuse: reusePass, passSecondsNaive: naivePass)
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
