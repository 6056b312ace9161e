import Model
import Tasks

/// How a task is scored for prompt uncertainty; every member has the paper's default.
///
/// - `instances` (Int, default 10, ≥ 1): n, instances sampled per task (seeded shuffle, first n).
/// - `perturbations` (Int, default 10, ≥ 0): k, perturbed prompt contexts shared by the task's instances.
/// - `dropRate` (Double, default 0.2, 0...1): probability of dropping each word of the definition and the
///   positive examples' inputs.
/// - `maxNewTokens` (Int, default 128, ≥ 1): greedy-decoding length limit for the targets.
/// - `seed` (UInt64, default 0): seeds instance sampling and the perturbations.
/// - `prefixReuse` (Bool, default true): decode and score with shared-prefix key/value caches (false: every full
///   sequence from scratch, the benchmark's baseline; same numbers within fp tolerance).
/// - `decodeBatchSize` (Int, default 0 = all n at once): prompts greedily decoded together.
/// - `stopSequence` (String, default a blank line; "" for none): greedy decoding of a target also stops when its
///   text contains this, as evaluation does and as training targets are cut.
public struct ScoringSettings: Sendable, Hashable {
    /// n, the instances sampled per task.
    public var instances: Int
    /// k, the perturbed prompt contexts per task.
    public var perturbations: Int
    /// The word-drop probability.
    public var dropRate: Double
    /// The most tokens greedy decoding produces per instance (EOS not counted).
    public var maxNewTokens: Int
    /// Seeds instance sampling and perturbations.
    public var seed: UInt64
    /// Whether scoring shares each prompt variant's common prefix.
    public var prefixReuse: Bool
    /// Prompts decoded together; 0 or less means all of a task's instances at once.
    public var decodeBatchSize: Int
    /// Text that ends a target besides EOS; empty for none.
    public var stopSequence: String

    /// The paper's settings unless told otherwise.
    public init(instances: Int = 10, perturbations: Int = WordDropPerturbation.defaultVariantCount,
                dropRate: Double = WordDropPerturbation.defaultDropRate, maxNewTokens: Int = 128,
                seed: UInt64 = WordDropPerturbation.defaultSeed, prefixReuse: Bool = true, decodeBatchSize: Int = 0,
                stopSequence: String = StopSequence.blankLine) {
        self.instances = instances
        self.perturbations = perturbations
        self.dropRate = dropRate
        self.maxNewTokens = maxNewTokens
        self.seed = seed
        self.prefixReuse = prefixReuse
        self.decodeBatchSize = decodeBatchSize
        self.stopSequence = stopSequence
    }

    /// Throws naming the first setting outside its allowed range.
    public func validate() throws(SelectionError) {
        func check(_ ok: Bool, _ message: String) throws(SelectionError) {
            if !ok { throw SelectionError(.invalidOption, message) }
        }
        try check(instances >= 1, "instances is \(instances); it must be at least 1. HINT: pass --instances 10")
        try check(perturbations >= 0, "perturbations is \(perturbations); it must be 0 or more. HINT: pass --perturbations 10")
        try check((0...1).contains(dropRate), "drop rate is \(dropRate); it must be in 0...1. HINT: pass --drop-rate 0.2")
        try check(maxNewTokens >= 1, "max new tokens is \(maxNewTokens); it must be at least 1. HINT: pass --max-new-tokens 128")
    }
}
