import Foundation
import Model
import Selection

/// Everything the daemon can be told, with a default for every member so no file is needed.
///
/// Keys (TOML `[section] key`, environment `ACTIVETUNE_SECTION_KEY`), type, default:
/// - `spool.path` string `./spool` — the directory producers drop task files into.
/// - `spool.max_file_bytes` integer 67108864 (64 MiB), 1...4 GiB — larger files go to `failed/` unread.
/// - `state.path` string `./state` — database, checkpoints, metrics.
/// - `scoring.instances` integer 10 (n), 1...1000 — instances sampled per task.
/// - `scoring.perturbations` integer 10 (k), 1...100 — perturbed prompts per task.
/// - `scoring.drop_rate` float 0.2 (p), 0...0.95 — word-drop probability.
/// - `scoring.max_new_tokens` integer 128, 1...1024 — greedy output length cap. One cap on purpose for the three
///   places a model's answer has a length: the scorer's greedy targets, the training targets and held-out
///   evaluation's decoding, so a round never trains on or is judged by longer answers than it is scored on.
/// - `scoring.seed` integer 0 — seeds instance sampling and perturbations.
/// - `scoring.backend` string `local` (the built-in engine) or `openai`: an OpenAI-compatible completions server
///   (vLLM, SGLang, llama.cpp) at `scoring.url` serving the active model as `scoring.model` computes the same numbers
///   (`rotation.command` hands it each new model). `scoring.api_key_file` string "" — a file whose first line is the
///   API key (else the environment variable `ACTIVETUNE_SCORING_API_KEY`; never logged or recorded).
///   `scoring.concurrency` integer 4, 1...256 — requests in flight; `scoring.timeout` integer 120 seconds,
///   1...3600 — per request; `scoring.retries` integer 3, 0...100 — retries of a request met by 429, 5xx or no
///   connection, with exponential backoff. A task the server cannot score waits, with the reason in `status`.
/// - `budget.pool_size` integer 8, 1...100000 — a round starts when this many scored, unselected tasks wait.
/// - `budget.max_wait_seconds` integer 0 (off), 0...31536000 — also start a round when the oldest waiting task
///   has waited this long (with at least one task scored).
/// - `budget.per_round` integer 4 (K), 1...100000 — tasks selected per round.
/// - `budget.initial_tasks` integer 4 (K0), 1...100000 — random tasks that train the round-0 model.
/// - `selection.strategy` string `prompt-uncertainty` — or random, high-perplexity, low-perplexity, easy, difficult.
/// - `selection.stratify` boolean true — keep the pool's classification/generation ratio in each round.
/// - `selection.classification_ratio` float −1 (the pool's own ratio), 0...1 when set.
/// - `selection.diversity_threshold` float 0 (off), 0...1 — skip a task this similar to one already picked.
/// - `selection.seed` integer 0 — seeds the random strategy and round-0 sampling.
/// - `training.mode` string `from-base` (retrain the base model on all tasks selected so far, as the paper)
///   or `continue` (fine-tune the active model on the new tasks only).
/// - `training.epochs` integer 2, 1...100; `training.instances_per_task` integer 20, 1...100000.
/// - `training.batch_size` integer 8, 1...1024; `training.learning_rate` float 0.0005, 0...1.
/// - `training.warmup_steps` integer 10, 0...1000000; `training.weight_decay` float 0, 0...1;
///   `training.grad_clip` float 1.0, 0...1000 (0 = off); `training.seed` integer 0.
/// - `training.backend` string `local` (the built-in engine) or `command`: each round's examples, starting model
///   (HF directory) and recipe are written to a folder of the state directory and `training.command` runs on it
///   (e.g. `contrib/train_hf.py` under `accelerate launch`); the HF directory it writes is imported as the round's
///   model. `training.command` array of strings [] — the program and its arguments; the round folder is appended.
///   `training.command_timeout` integer 86400 seconds, 1...2592000 — a command still running then is killed.
/// - `rotation.command` array of strings [] (off) — run after every change of the active model (a rotation, a
///   rollback, the first model) with two arguments appended: the model as an HF directory and as a GGUF file
///   ("" for a model GGUF cannot hold), e.g. to reload an inference server; its outcome goes to the journal.
///   `rotation.command_timeout` integer 600 seconds, 1...86400 — a command still running then is killed.
/// - `scoring.stop_sequence` string "\n\n" ("" = none) — greedy answers also end where their text reaches it
///   (scoring targets, evaluation), and training targets are cut at it.
/// - `model.threads` integer 2, 1...256 — compute threads.
/// - `model.precision` string `auto` — `bf16` (matrix products in bf16 with fp32 accumulation, on AMX or
///   AVX512-BF16), `fp32` (exact), or `auto`: bf16 where the CPU has it, fp32 elsewhere.
/// - `model.base` string "" — the first model when the state has none: a GGUF file or HF directory to import;
///   "" (or a missing file, with a warning in the journal and `status`) means the seeded embedded GPT-2.
/// - `checkpoints.keep` integer 5, 1...10000 — versions kept besides the active and previous ones.
/// - `evaluation.directory` string "" (off) — a folder of held-out task files evaluated after each round.
/// - `evaluation.instances` integer 100, 1...100000; `evaluation.gate_margin` float −1 (off), 0...100 when set —
///   refuse to rotate to a model whose ROUGE-L is lower than the active one's by more than this.
/// - `metrics.textfile` string "" (`STATE/metrics.prom`) — the Prometheus textfile, written by rename.
public struct DaemonConfiguration: Sendable, Equatable, Codable {
    public var spoolPath = "./spool"
    public var maxFileBytes = 64 << 20
    public var statePath = "./state"

    public var scoringInstances = 10
    public var scoringPerturbations = 10
    public var scoringDropRate = 0.2
    public var scoringMaxNewTokens = 128
    public var scoringSeed = 0
    public var scoringStopSequence = "\n\n"
    public var scoringBackend = ScoringBackend.local
    public var scoringURL = ""
    public var scoringModel = ""
    public var scoringAPIKeyFile = ""
    public var scoringConcurrency = 4
    public var scoringTimeout = 120
    public var scoringRetries = 3

    public var poolSize = 8
    public var maxWaitSeconds = 0
    public var perRound = 4
    public var initialTasks = 4

    public var strategy = SelectionStrategy.promptUncertainty
    public var stratify = true
    public var classificationRatio = -1.0
    public var diversityThreshold = 0.0
    public var selectionSeed = 0

    public var trainingMode = TrainingMode.fromBase
    public var epochs = 2
    public var instancesPerTask = 20
    public var batchSize = 8
    public var learningRate = 5e-4
    public var warmupSteps = 10
    public var weightDecay = 0.0
    public var gradClip = 1.0
    public var trainingSeed = 0
    public var trainingBackend = TrainingBackend.local
    public var trainingCommand: [String] = []
    public var trainingCommandTimeout = 86_400
    public var rotationCommand: [String] = []
    public var rotationCommandTimeout = 600

    public var threads = 2
    public var precision = "auto"
    public var baseModel = ""
    public var keepCheckpoints = 5

    public var evaluationDirectory = ""
    public var evaluationInstances = 100
    public var gateMargin = -1.0

    public var metricsTextfile = ""


    /// All defaults.
    public init() {}

    /// Reads a TOML configuration (`text`, named `file` in messages) with `ACTIVETUNE_*` environment overrides.
    /// Every problem is reported at once, each with its key, where it was set and the allowed range.
    public init(toml text: String, file: String, environment: [String: String] = [:]) throws(ConfigurationError) {
        let document: TOMLDocument
        do { document = try TOMLDocument.parse(text) } catch {
            throw ConfigurationError(problems: [.init(key: "", source: "\(file):\(error.line)", message: error.message)])
        }
        var r = ConfigurationReader(document: document, file: file, environment: environment)
        let d = DaemonConfiguration()
        spoolPath = r.string("spool.path", d.spoolPath)
        maxFileBytes = r.integer("spool.max_file_bytes", d.maxFileBytes, in: 1...(4 << 30))
        statePath = r.string("state.path", d.statePath)

        scoringInstances = r.integer("scoring.instances", d.scoringInstances, in: 1...1000)
        scoringPerturbations = r.integer("scoring.perturbations", d.scoringPerturbations, in: 1...100)
        scoringDropRate = r.double("scoring.drop_rate", d.scoringDropRate, in: 0...0.95)
        scoringMaxNewTokens = r.integer("scoring.max_new_tokens", d.scoringMaxNewTokens, in: 1...1024)
        scoringSeed = r.integer("scoring.seed", d.scoringSeed, in: 0...Int.max)
        scoringBackend = r.choice("scoring.backend", d.scoringBackend)
        scoringURL = r.string("scoring.url", d.scoringURL)
        scoringModel = r.string("scoring.model", d.scoringModel)
        scoringAPIKeyFile = r.string("scoring.api_key_file", d.scoringAPIKeyFile)
        scoringConcurrency = r.integer("scoring.concurrency", d.scoringConcurrency, in: 1...256)
        scoringTimeout = r.integer("scoring.timeout", d.scoringTimeout, in: 1...3600)
        scoringRetries = r.integer("scoring.retries", d.scoringRetries, in: 0...100)

        poolSize = r.integer("budget.pool_size", d.poolSize, in: 1...100_000)
        maxWaitSeconds = r.integer("budget.max_wait_seconds", d.maxWaitSeconds, in: 0...31_536_000)
        perRound = r.integer("budget.per_round", d.perRound, in: 1...100_000)
        initialTasks = r.integer("budget.initial_tasks", d.initialTasks, in: 1...100_000)

        strategy = r.choice("selection.strategy", d.strategy)
        stratify = r.boolean("selection.stratify", d.stratify)
        classificationRatio = r.double("selection.classification_ratio", d.classificationRatio, in: -1...1)
        diversityThreshold = r.double("selection.diversity_threshold", d.diversityThreshold, in: 0...1)
        selectionSeed = r.integer("selection.seed", d.selectionSeed, in: 0...Int.max)

        trainingMode = r.choice("training.mode", d.trainingMode)
        epochs = r.integer("training.epochs", d.epochs, in: 1...100)
        instancesPerTask = r.integer("training.instances_per_task", d.instancesPerTask, in: 1...100_000)
        batchSize = r.integer("training.batch_size", d.batchSize, in: 1...1024)
        learningRate = r.double("training.learning_rate", d.learningRate, in: 0...1)
        warmupSteps = r.integer("training.warmup_steps", d.warmupSteps, in: 0...1_000_000)
        weightDecay = r.double("training.weight_decay", d.weightDecay, in: 0...1)
        gradClip = r.double("training.grad_clip", d.gradClip, in: 0...1000)
        trainingSeed = r.integer("training.seed", d.trainingSeed, in: 0...Int.max)
        trainingBackend = r.choice("training.backend", d.trainingBackend)
        trainingCommand = r.strings("training.command", d.trainingCommand)
        trainingCommandTimeout = r.integer("training.command_timeout", d.trainingCommandTimeout, in: 1...2_592_000)
        rotationCommand = r.strings("rotation.command", d.rotationCommand)
        rotationCommandTimeout = r.integer("rotation.command_timeout", d.rotationCommandTimeout, in: 1...86_400)

        threads = r.integer("model.threads", d.threads, in: 1...256)
        precision = r.string("model.precision", d.precision, allowed: ["auto", "bf16", "fp32"])
        baseModel = r.string("model.base", d.baseModel)
        scoringStopSequence = r.string("scoring.stop_sequence", d.scoringStopSequence)
        keepCheckpoints = r.integer("checkpoints.keep", d.keepCheckpoints, in: 1...10_000)

        evaluationDirectory = r.string("evaluation.directory", d.evaluationDirectory)
        evaluationInstances = r.integer("evaluation.instances", d.evaluationInstances, in: 1...100_000)
        gateMargin = r.double("evaluation.gate_margin", d.gateMargin, in: -1...100)

        metricsTextfile = r.string("metrics.textfile", d.metricsTextfile)

        r.rejectUnknownKeys()
        var problems = r.problems
        if classificationRatio < 0 && classificationRatio != -1 {
            problems.append(.init(key: "selection.classification_ratio", source: file,
                                  message: "must be in 0...1, or -1 for the pool's own ratio"))
        }
        if gateMargin < 0 && gateMargin != -1 {
            problems.append(.init(key: "evaluation.gate_margin", source: file,
                                  message: "must be in 0...100, or -1 to turn the gate off"))
        }
        if trainingBackend == .command && trainingCommand.isEmpty {
            problems.append(.init(key: "training.command", source: file,
                                  message: "must name the trainer when training.backend = \"command\", e.g. "
                                      + "[\"python3\", \"/usr/local/share/activetune/contrib/train_hf.py\"]"))
        }
        if scoringBackend == .openai {
            for (key, value) in [("scoring.url", scoringURL), ("scoring.model", scoringModel)] where value.isEmpty {
                problems.append(.init(key: key, source: file, message: "must be set when scoring.backend = \"openai\", e.g. "
                                      + (key == "scoring.url" ? "\"http://gpu-1:8000\"" : "the name the server serves the model as")))
            }
        }
        if precision == "bf16" {
            do { try Precision.bf16.check() } catch {
                problems.append(.init(key: "model.precision", source: file, message: "\(error)"))
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
    }

    /// The precision `model.precision` names, `auto` resolved for this CPU (valid: the initialiser checked it).
    public var resolvedPrecision: Precision { (try? Precision(parsing: precision)) ?? .fp32 }

    /// Reads the configuration file at `path`; a missing optional file means all defaults (plus environment).
    public static func load(path: String?, required: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> DaemonConfiguration {
        guard let path else { return try DaemonConfiguration(toml: "", file: "(defaults)", environment: environment) }
        guard let data = FileManager.default.contents(atPath: path) else {
            if !required && !FileManager.default.fileExists(atPath: path) {
                return try DaemonConfiguration(toml: "", file: "(defaults)", environment: environment)
            }
            throw ConfigurationError(problems: [.init(key: "", source: path,
                message: "cannot read the configuration file (missing or not readable)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(problems: [.init(key: "", source: path, message: "is not UTF-8 text")])
        }
        return try DaemonConfiguration(toml: text, file: path, environment: environment)
    }
}
