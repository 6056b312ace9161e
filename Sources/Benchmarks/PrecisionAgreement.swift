import Dispatch
import Logging
import Model
import Selection
import Tasks

/// How closely bf16 prompt-uncertainty scoring agrees with fp32 on real tasks, and how much faster it is.
///
/// Every task is scored twice with the same model, settings and seed, once per precision. Greedy targets can
/// differ where two candidate tokens are nearly tied; p_ij are compared only for instances whose fp32 and bf16
/// targets are the same text, and the share of such instances is reported. The ranking of the tasks by prompt
/// uncertainty, which is what selection uses, is compared over all tasks (Spearman's rho).
public struct PrecisionAgreement: Sendable, Encodable {
    /// The tasks scored, in order.
    public var tasks: [String]
    /// n, k and the decoding cap used.
    public var instances: Int, perturbations: Int, maxNewTokens: Int
    /// The bf16 instruction set (`Precision.isa`).
    public var isa: String
    /// Spearman's rank correlation of the tasks' prompt uncertainty, bf16 against fp32.
    public var spearman: Double
    /// Share of scored instances whose greedy target is the same text at both precisions.
    public var sameTargetShare: Double
    /// max and median |p_ij(bf16) − p_ij(fp32)| over the instances with the same target, every prompt variant.
    public var maxProbabilityDifference: Double, medianProbabilityDifference: Double
    /// Largest |prompt uncertainty(bf16) − prompt uncertainty(fp32)| over the tasks.
    public var maxUncertaintyDifference: Double
    /// Seconds to score all tasks at each precision.
    public var secondsFP32: Double, secondsBF16: Double

    private enum CodingKeys: String, CodingKey {
        case tasks, instances, perturbations, isa, spearman
        case maxNewTokens = "max_new_tokens", sameTargetShare = "same_target_share"
        case maxProbabilityDifference = "max_p_difference", medianProbabilityDifference = "median_p_difference"
        case maxUncertaintyDifference = "max_uncertainty_difference"
        case secondsFP32 = "seconds_fp32", secondsBF16 = "seconds_bf16"
    }

    /// Scores `tasks` with `model` at fp32 and at bf16 (restoring the model's precision afterwards).
    public static func run(model: Transformer, tokenizer: BPETokenizer, tasks: [InstructionTask],
                           settings: ScoringSettings, logger: Logger) throws -> PrecisionAgreement {
        try Precision.bf16.check()
        let original = model.precision
        defer { model.precision = original }
        func scoreAll(_ precision: Precision) throws -> ([ScoredTask], Double) {
            model.precision = precision
            let scorer = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: settings, logger: logger)
            let start = DispatchTime.now().uptimeNanoseconds
            let scored = try tasks.map { try scorer.score($0, explain: true) }
            return (scored, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let (exact, secondsFP32) = try scoreAll(.fp32)
        let (rounded, secondsBF16) = try scoreAll(.bf16)
        var differences: [Double] = [], instances = 0, same = 0
        for (a, b) in zip(exact, rounded) {
            for (x, y) in zip(a.instances, b.instances) {
                instances += 1
                guard x.output == y.output else { continue }
                same += 1
                differences += zip(x.p, y.p).map { abs($0 - $1) }
            }
        }
        differences.sort()
        let u32 = exact.map(\.score.promptUncertainty), u16 = rounded.map(\.score.promptUncertainty)
        return PrecisionAgreement(
            tasks: tasks.map(\.id), instances: settings.instances, perturbations: settings.perturbations,
            maxNewTokens: settings.maxNewTokens, isa: Precision.bf16.isa,
            spearman: RankCorrelation.spearman(u32, u16),
            sameTargetShare: Double(same) / Double(max(1, instances)),
            maxProbabilityDifference: differences.last ?? 0,
            medianProbabilityDifference: differences.isEmpty ? 0 : differences[differences.count / 2],
            maxUncertaintyDifference: zip(u32, u16).map { abs($0 - $1) }.max() ?? 0,
            secondsFP32: secondsFP32, secondsBF16: secondsBF16)
    }
}
