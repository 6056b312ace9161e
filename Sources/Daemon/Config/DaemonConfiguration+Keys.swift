/// Every configuration key with its current value as text, for `config check` and for reload diffs.
extension DaemonConfiguration {
    /// One key: its dotted name, whether a change needs a restart, and how to read its value.
    public struct Key: Sendable {
        /// The dotted key, e.g. `budget.pool_size`.
        public let name: String
        /// Paths, thread counts and checkpoint retention are fixed when the daemon starts; SIGHUP cannot change them.
        public let needsRestart: Bool
        /// The value in `configuration`, as TOML would write it.
        public let value: @Sendable (DaemonConfiguration) -> String

        init(_ name: String, restart: Bool = false, _ value: @escaping @Sendable (DaemonConfiguration) -> String) {
            self.name = name; self.needsRestart = restart; self.value = value
        }
    }

    /// All keys, in the order of the configuration's documentation.
    public static let keys: [Key] = [
        Key("spool.path", restart: true) { quoted($0.spoolPath) },
        Key("spool.max_file_bytes") { "\($0.maxFileBytes)" },
        Key("state.path", restart: true) { quoted($0.statePath) },
        Key("scoring.instances") { "\($0.scoringInstances)" },
        Key("scoring.perturbations") { "\($0.scoringPerturbations)" },
        Key("scoring.drop_rate") { "\($0.scoringDropRate)" },
        Key("scoring.max_new_tokens") { "\($0.scoringMaxNewTokens)" },
        Key("scoring.seed") { "\($0.scoringSeed)" },
        Key("scoring.backend") { quoted($0.scoringBackend.rawValue) },
        Key("scoring.url") { quoted($0.scoringURL) },
        Key("scoring.model") { quoted($0.scoringModel) },
        Key("scoring.api_key_file") { quoted($0.scoringAPIKeyFile) },
        Key("scoring.concurrency") { "\($0.scoringConcurrency)" },
        Key("scoring.timeout") { "\($0.scoringTimeout)" },
        Key("scoring.retries") { "\($0.scoringRetries)" },
        Key("budget.pool_size") { "\($0.poolSize)" },
        Key("budget.max_wait_seconds") { "\($0.maxWaitSeconds)" },
        Key("budget.per_round") { "\($0.perRound)" },
        Key("budget.initial_tasks") { "\($0.initialTasks)" },
        Key("selection.strategy") { quoted($0.strategy.rawValue) },
        Key("selection.stratify") { "\($0.stratify)" },
        Key("selection.classification_ratio") { "\($0.classificationRatio)" },
        Key("selection.diversity_threshold") { "\($0.diversityThreshold)" },
        Key("selection.seed") { "\($0.selectionSeed)" },
        Key("training.mode") { quoted($0.trainingMode.rawValue) },
        Key("training.epochs") { "\($0.epochs)" },
        Key("training.instances_per_task") { "\($0.instancesPerTask)" },
        Key("training.batch_size") { "\($0.batchSize)" },
        Key("training.learning_rate") { "\($0.learningRate)" },
        Key("training.warmup_steps") { "\($0.warmupSteps)" },
        Key("training.weight_decay") { "\($0.weightDecay)" },
        Key("training.grad_clip") { "\($0.gradClip)" },
        Key("training.seed") { "\($0.trainingSeed)" },
        Key("training.backend") { quoted($0.trainingBackend.rawValue) },
        Key("training.command") { "[" + $0.trainingCommand.map(quoted).joined(separator: ", ") + "]" },
        Key("training.command_timeout") { "\($0.trainingCommandTimeout)" },
        Key("rotation.command") { "[" + $0.rotationCommand.map(quoted).joined(separator: ", ") + "]" },
        Key("rotation.command_timeout") { "\($0.rotationCommandTimeout)" },
        Key("scoring.stop_sequence") { quoted($0.scoringStopSequence) },
        Key("model.threads", restart: true) { "\($0.threads)" },
        Key("model.precision", restart: true) { quoted($0.precision) },
        Key("model.base", restart: true) { quoted($0.baseModel) },
        Key("checkpoints.keep", restart: true) { "\($0.keepCheckpoints)" },
        Key("evaluation.directory") { quoted($0.evaluationDirectory) },
        Key("evaluation.instances") { "\($0.evaluationInstances)" },
        Key("evaluation.gate_margin") { "\($0.gateMargin)" },
        Key("metrics.textfile", restart: true) { quoted($0.metricsTextfile) },
    ]

    /// The keys whose values differ between `self` and `other`.
    public func changedKeys(comparedWith other: DaemonConfiguration) -> [Key] {
        Self.keys.filter { $0.value(self) != $0.value(other) }
    }

    /// `other` with the keys that need a restart kept as they are in `self`: what a reload can apply.
    public func applyingLiveKeys(of other: DaemonConfiguration) -> DaemonConfiguration {
        var next = other
        next.spoolPath = spoolPath
        next.statePath = statePath
        next.threads = threads
        next.precision = precision
        next.keepCheckpoints = keepCheckpoints
        next.metricsTextfile = metricsTextfile
        return next
    }

    private static func quoted(_ text: String) -> String { text.debugDescription }
}
