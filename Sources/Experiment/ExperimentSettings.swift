import Evaluation
import Model
import Selection

/// One experiment's protocol and sizes; every member has a default (the `small` preset's values).
///
/// Keys: `strategies` [SelectionStrategy] (the paper's four), `seeds` [UInt64] [0, 1, 2] (pool seeds),
/// `rounds` Int 2 (selection rounds after round 0), `perRound` Int 4 (K), `initial` Int 4 (K0),
/// `stratified` Bool true (the pool's classification share per round), `model` ModelConfig (4 layers,
/// width 128, 2 heads, context 256, the 8192-token vocabulary), `baseSeed` UInt64 1234 (the base model's
/// initialisation), `training` TrainingRecipe (20 instances per task, 8 epochs, batch 16, lr 3e-3
/// after 10 warm-up steps, 32 target tokens), `evaluationInstances` Int 50 (first N per test task),
/// `maxNewTokens` Int 32 (also the training target cut and the scorer's decoding length),
/// `scoringInstances` Int 4 (n instances scored per pool task), `perturbations` Int 4 (k perturbed prompts),
/// `baseCheckpoint` String? nil (the file name of a checkpoint every round starts from instead of a fresh model;
/// `model` is then that checkpoint's shape), `precision` Precision? nil (the matrix products' precision; nil in
/// ledgers written before it was recorded, which ran in fp32).
public struct ExperimentSettings: Codable, Sendable, Equatable {
    /// Strategies compared.
    public var strategies: [SelectionStrategy]
    /// Pool seeds: each gives its own round-0 set and random orders.
    public var seeds: [UInt64]
    /// Rounds after round 0.
    public var rounds: Int
    /// Tasks added per round (K).
    public var perRound: Int
    /// Tasks of round 0 (K0), shared by all strategies of a seed.
    public var initial: Int
    /// Whether rounds keep the pool's classification share.
    public var stratified: Bool
    /// The model's shape.
    public var model: ModelConfig
    /// Seed of the base model's initialisation.
    public var baseSeed: UInt64
    /// The fine-tuning recipe of every round.
    public var training: TrainingRecipe
    /// Test instances per task.
    public var evaluationInstances: Int
    /// Tokens generated per test instance.
    public var maxNewTokens: Int
    /// Instances scored per pool task (n).
    public var scoringInstances: Int
    /// Perturbed prompts per pool task for prompt uncertainty (k).
    public var perturbations: Int
    /// The checkpoint file every round starts from (its name), or nil for a fresh model from `baseSeed`.
    public var baseCheckpoint: String?
    /// The precision the models computed in (`Compute.precision` when the experiment ran).
    public var precision: Precision?

    /// The small preset's model: the embedded vocabulary with a narrow body so rounds take seconds.
    public static let smallModel = ModelConfig(vocabSize: 8192, contextLength: 256, layers: 4, heads: 2, width: 128)

    /// Settings; every argument defaults to the `small` preset.
    public init(strategies: [SelectionStrategy] = [.promptUncertainty, .random, .highPerplexity, .lowPerplexity],
                seeds: [UInt64] = [0, 1, 2], rounds: Int = 2, perRound: Int = 4, initial: Int = 4,
                stratified: Bool = true, model: ModelConfig = smallModel, baseSeed: UInt64 = 1234,
                training: TrainingRecipe = TrainingRecipe(
                    instancesPerTask: 20, epochs: 8, batchSize: 16, maxTargetTokens: 32,
                    optimizer: AdamWOptions(learningRate: 3e-3, warmupSteps: 10)),
                evaluationInstances: Int = 50, maxNewTokens: Int = 32, scoringInstances: Int = 4,
                perturbations: Int = 4, baseCheckpoint: String? = nil, precision: Precision? = nil) {
        self.strategies = strategies
        self.seeds = seeds
        self.rounds = rounds
        self.perRound = perRound
        self.initial = initial
        self.stratified = stratified
        self.model = model
        self.baseSeed = baseSeed
        self.training = training
        self.evaluationInstances = evaluationInstances
        self.maxNewTokens = maxNewTokens
        self.scoringInstances = scoringInstances
        self.perturbations = perturbations
        self.baseCheckpoint = baseCheckpoint
        self.precision = precision
    }

    /// The `pretrained` preset: the small preset's strategies, seeds, K0 and K with one selection round, fine-tuning a
    /// pretrained base (the caller sets `model` and `baseCheckpoint` from it) with a learning rate for a 135M model
    /// and sizes that finish 3 seeds within 90 minutes on 2 AVX2 cores in fp32 (the slowest machine this project
    /// runs on; measured in the README): training takes about half of it, the pool pass and evaluation the rest.
    public static let pretrained = ExperimentSettings(
        rounds: 1,
        training: TrainingRecipe(instancesPerTask: 8, epochs: 1, batchSize: 4, maxTargetTokens: 32,
                                 optimizer: AdamWOptions(learningRate: 5e-5, warmupSteps: 2)),
        evaluationInstances: 10, scoringInstances: 2, perturbations: 2)

    /// Throws naming the first setting out of range, or a pool too small for the rounds.
    public func validate(poolSize: Int) throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw ExperimentError(.invalidSettings, message) }
        }
        try check(!strategies.isEmpty, "no strategies given. HINT: e.g. --strategies prompt-uncertainty,random")
        try check(Set(strategies).count == strategies.count, "a strategy is listed twice")
        try check(!seeds.isEmpty && Set(seeds).count == seeds.count, "seeds must be given, each once")
        try check(rounds >= 0, "rounds must be 0 or more, got \(rounds)")
        try check(perRound >= 1 && initial >= 1, "per-round and initial task counts must be at least 1")
        try check(evaluationInstances >= 1 && maxNewTokens >= 1, "evaluation needs at least 1 instance and 1 token")
        try check(scoringInstances >= 1 && perturbations >= 1, "scoring needs at least 1 instance and 1 perturbation")
        try model.validate()
        try training.validate()
        let needed = initial + rounds * perRound
        if needed > poolSize {
            throw ExperimentError(.poolTooSmall, "the rounds need \(needed) tasks (\(initial) + \(rounds) × \(perRound)) "
                + "but the pool has \(poolSize). HINT: lower --rounds, --per-round or --initial, or add pool tasks")
        }
    }

    /// The evaluator these settings describe.
    public var evaluator: Evaluator {
        Evaluator(instancesPerTask: evaluationInstances, maxNewTokens: maxNewTokens)
    }
}
