/// How a model is fine-tuned on instruction tasks; every member has a default.
///
/// Keys: `instancesPerTask` Int 200 (the paper's; a seeded sample of each task), `epochs` Int 8,
/// `batchSize` Int 16 (examples per step), `maxTargetTokens` Int 128 (longer targets are cut),
/// `seed` UInt64 0 (instance sampling, target choice and shuffling), `optimizer` AdamWOptions
/// (default here: lr 1e-3, 10 warm-up steps, constant; a small model trained from scratch needs a
/// larger rate than the paper's 5e-5 for T5).
public struct TrainingRecipe: Codable, Sendable, Equatable {
    /// Instances sampled from each task (seeded shuffle, first n).
    public var instancesPerTask: Int
    /// Passes over the examples.
    public var epochs: Int
    /// Examples per optimiser step.
    public var batchSize: Int
    /// Target tokens kept (EOS comes on top).
    public var maxTargetTokens: Int
    /// Seed for sampling, target choice and shuffling.
    public var seed: UInt64
    /// AdamW settings.
    public var optimizer: AdamWOptions

    /// A recipe; every argument has the documented default.
    public init(instancesPerTask: Int = 200, epochs: Int = 8, batchSize: Int = 16, maxTargetTokens: Int = 128,
                seed: UInt64 = 0,
                optimizer: AdamWOptions = AdamWOptions(learningRate: 1e-3, warmupSteps: 10)) {
        self.instancesPerTask = instancesPerTask
        self.epochs = epochs
        self.batchSize = batchSize
        self.maxTargetTokens = maxTargetTokens
        self.seed = seed
        self.optimizer = optimizer
    }

    /// Throws naming the first value out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ key: String, _ rule: String) throws {
            if !ok { throw ModelError(.invalidConfig, "training setting `\(key)` must be \(rule)") }
        }
        try check(instancesPerTask >= 1, "instancesPerTask", "at least 1, got \(instancesPerTask)")
        try check(epochs >= 1, "epochs", "at least 1, got \(epochs)")
        try check(batchSize >= 1, "batchSize", "at least 1, got \(batchSize)")
        try check(maxTargetTokens >= 1, "maxTargetTokens", "at least 1, got \(maxTargetTokens)")
        try optimizer.validate()
    }
}
