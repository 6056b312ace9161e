import Selection
import Dispatch
import Logging
import Model
import Tasks

/// Prompt-uncertainty scoring throughput on real tasks, with prefix reuse and without.
///
/// Every task is scored end to end both ways, alternately: with `prefixReuse` (greedy decoding and the
/// teacher-forced pass both compute each prompt variant's common prefix once) and without it (the naive
/// way: every full prompt, and every full prompt + target sequence, from scratch). Both runs must agree
/// on every p; the largest difference is reported. The token counts say how much work reuse can save at
/// best: every position a forward pass computes (prompt rows, target rows, one row per decoded token).
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
    /// Timings per task and way; the fastest counts.
    public var repeats: Int
    /// Tasks scored per second with prefix reuse (decoding included).
    public var tasksPerSecondReuse: Double
    /// Tasks scored per second with every sequence computed from scratch (decoding included).
    public var tasksPerSecondNaive: Double
    /// Positions computed by forward passes over all tasks, with reuse and without.
    public var tokensReuse: Int, tokensNaive: Int
    /// Mean target length in tokens (EOS included): what the model's greedy outputs cost.
    public var meanTargetTokens: Double
    /// The largest |p_reuse − p_naive| over every instance and prompt variant.
    public var maxProbabilityDifference: Double

    private enum CodingKeys: String, CodingKey {
        case tasks, instances, perturbations, repeats
        case maxNewTokens = "max_new_tokens", tasksPerSecondReuse = "tasks_per_s_reuse"
        case tasksPerSecondNaive = "tasks_per_s_naive", tokensReuse = "tokens_reuse", tokensNaive = "tokens_naive"
        case meanTargetTokens = "mean_target_tokens", maxProbabilityDifference = "max_p_difference"
    }

    /// Measures `tasks` against `model` with `settings` (the paper's by default; `prefixReuse` is set per run),
    /// timing each task `repeats` times each way and keeping the fastest (the least disturbed by other load).
    public static func run(model: Transformer, tokenizer: BPETokenizer, tasks: [InstructionTask],
                           settings: ScoringSettings = ScoringSettings(), repeats: Int = 3,
                           logger: Logger) throws -> UncertaintyBenchmark {
        var reuseSettings = settings, naiveSettings = settings
        reuseSettings.prefixReuse = true
        naiveSettings.prefixReuse = false
        let reuse = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: reuseSettings, logger: logger)
        let naive = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: naiveSettings, logger: logger)
        var reuseSeconds = 0.0, naiveSeconds = 0.0, tokensReuse = 0, tokensNaive = 0, difference = 0.0
        var targetTokens = 0, targets = 0
        for task in tasks {
            var fast: ScoredTask?, slow: ScoredTask?
            var bestReuse = Double.infinity, bestNaive = Double.infinity
            for _ in 0..<max(1, repeats) {
                bestReuse = min(bestReuse, try seconds { fast = try reuse.score(task, explain: true) })
                bestNaive = min(bestNaive, try seconds { slow = try naive.score(task, explain: true) })
            }
            reuseSeconds += bestReuse
            naiveSeconds += bestNaive
            guard let fast, let slow else { continue }
            for (a, b) in zip(fast.instances, slow.instances) {
                difference = max(difference, zip(a.p, b.p).map { abs($0 - $1) }.max() ?? 0)
            }
            let counts = ScoringWorkload(fast)
            tokensReuse += counts.positions(prefixReuse: true)
            tokensNaive += counts.positions(prefixReuse: false)
            targetTokens += counts.targetLengths.reduce(0, +)
            targets += counts.targetLengths.count
            logger.info("benchmark task scored", metadata: ["task.id": "\(task.id)", "seconds.reuse": "\(reuseSeconds)",
                                                            "seconds.naive": "\(naiveSeconds)"])
        }
        return UncertaintyBenchmark(
            tasks: tasks.map(\.id), instances: settings.instances, perturbations: settings.perturbations,
            maxNewTokens: settings.maxNewTokens, repeats: max(1, repeats),
            tasksPerSecondReuse: Double(tasks.count) / reuseSeconds,
            tasksPerSecondNaive: Double(tasks.count) / naiveSeconds, tokensReuse: tokensReuse,
            tokensNaive: tokensNaive, meanTargetTokens: Double(targetTokens) / Double(max(1, targets)),
            maxProbabilityDifference: difference)
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
