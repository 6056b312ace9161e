import ArgumentParser
import Daemon
import Evaluation
import Experiment
import Foundation
import Logging
import Model
import ModelStore
import Selection
import State

/// `activetune experiment`: compares selection strategies over rounds and pool seeds, as the paper does.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Compare selection strategies like the paper: ROUGE-L per strategy × round over pool seeds (resumable).",
        discussion: """
        Preset `small` (the defaults): the paper's four strategies, seeds 0,1,2, K0 = 4 random tasks, 2 rounds of
        K = 4 (stratified), a 4-layer width-128 2-head model with a 256-token context (8192-token vocabulary)
        initialised with seed 1234, 20 instances per task, 8 epochs, batch 16, AdamW lr 3e-3 (10 warm-up
        steps), 32-token targets and outputs, n = 4 scored instances and k = 4 perturbations per pool task,
        the first 50 instances of each test task.

        Preset `pretrained` (needs --base, e.g. SmolLM2-135M-Instruct's GGUF from set-up): the same strategies, seeds,
        K0 and K, one selection round, fine-tuning the given model from its weights in every round: 8 instances per
        task, 1 epoch, batch 4, AdamW lr 5e-5 (2 warm-up steps), 32-token targets and outputs, n = k = 2, the first 10
        instances of each test task; the untuned base model's score is the first point of every curve. Sized to finish
        within 90 minutes on 2 AVX2 cores in fp32 (the NIV2 split: 119 pool tasks, 13 test tasks). The larger run of
        the README adds --rounds 2 --instances-per-task 16 --batch-size 8 --scoring-instances 4 --perturbations 4.

        With --config naming a configuration whose [scoring] backend is "openai", pools are scored on that server:
        before each pass the cell's model is exported (HF directory and GGUF) and handed to the server by the
        configuration's [rotation] command, which must return once the server answers with it.
        """
    )

    @Option(help: "Task files or folders forming the pool (repeatable).")
    var pool: [String]

    @Option(help: "Only these pool task ids (a file, one id a line), e.g. NIV2's splits/train_tasks.txt.")
    var poolIds: String?

    @Option(help: "Task files or folders forming the test set (repeatable).")
    var test: [String]

    @Option(help: "Only these test task ids (a file, one id a line), e.g. NIV2's splits/test_tasks.txt.")
    var testIds: String?

    @Option(help: "Base sizes: small (a model trained from scratch) or pretrained (fine-tunes --base); the options below override it.")
    var preset = "small"

    @Option(help: "Comma-separated strategies: prompt-uncertainty, random, high-perplexity, low-perplexity, easy, difficult.")
    var strategies: String?

    @Option(help: "Comma-separated pool seeds.")
    var seeds: String?

    @Option(help: "Rounds after round 0.")
    var rounds: Int?

    @Option(help: "Tasks added per round (K).")
    var perRound: Int?

    @Option(help: "Tasks of the shared round 0 (K0).")
    var initial: Int?

    @Option(help: "Training instances per task.")
    var instancesPerTask: Int?

    @Option(help: "Training epochs.")
    var epochs: Int?

    @Option(help: "Training batch size (examples per optimizer step).")
    var batchSize: Int?

    @Option(help: "Test instances per task.")
    var evalInstances: Int?

    @Option(help: "Instances scored per pool task (n).")
    var scoringInstances: Int?

    @Option(help: "Perturbed prompts per pool task (k).")
    var perturbations: Int?

    @Option(help: ArgumentHelp("Start every round from this model instead of a fresh one: a checkpoint, a GGUF file "
                               + "(e.g. .cache/models/SmolLM2-135M-Instruct.Q4_1.gguf) or an HF model directory; its shape "
                               + "and tokenizer replace the preset's.",
                               valueName: "MODEL"))
    var base: String?

    @Option(help: "Where results and models persist; a rerun with the same options resumes there.")
    var state = "experiment-state"

    @Option(help: ArgumentHelp("A configuration file; its [scoring] backend decides where pools are scored, and its "
                               + "[rotation] command hands each model to that server.", valueName: "FILE"))
    var config: String?

    @OptionGroup var precision: PrecisionOption

    @Option(help: "Also draw the learning curves as SVG here.")
    var svg: String?

    @Flag(help: "Print the table and every finished cell as JSON instead of Markdown.")
    var json = false

    @Flag(help: "Only report what the state directory holds; compute nothing.")
    var reportOnly = false

    func validate() throws {
        guard preset == "small" || preset == "pretrained" else {
            throw ValidationError("unknown --preset \(preset); use small or pretrained")
        }
        if preset == "pretrained" && base == nil {
            throw ValidationError("--preset pretrained fine-tunes a pretrained model: name it with --base MODEL "
                                  + "(set-up fetches .cache/models/SmolLM2-135M-Instruct.Q4_1.gguf)")
        }
    }

    func run() throws {
        try precision.apply()
        var settings = try makeSettings()
        settings.precision = Compute.precision
        let logger = Logger(label: "activetune.experiment")
        let start = try base.map { try ModelLocation.checkpointFile($0).load(logger: logger) }
        if let start, let base {
            settings.model = start.transformer.config
            settings.baseCheckpoint = URL(fileURLWithPath: base).resolvingSymlinksInPath().lastPathComponent
        }
        let poolTasks = try TaskFolder.load(pool.map { URL(fileURLWithPath: $0) },
                                            ids: try poolIds.map { try TaskFolder.ids(listedIn: URL(fileURLWithPath: $0)) })
        let testTasks = try TaskFolder.load(test.map { URL(fileURLWithPath: $0) },
                                            ids: try testIds.map { try TaskFolder.ids(listedIn: URL(fileURLWithPath: $0)) })
        let ledger = try ExperimentLedger(directory: URL(fileURLWithPath: state), settings: settings)
        let scoring = ScoringSettings(instances: settings.scoringInstances, perturbations: settings.perturbations,
                                      maxNewTokens: settings.maxNewTokens)
        let scorer: any PoolScorer = try serverScorer(scoring, logger: logger)
            ?? UncertaintyPoolScorer(settings: scoring, logger: logger)
        let runner = try ExperimentRunner(settings: settings, pool: poolTasks, test: testTasks,
                                          tokenizer: try start?.tokenizer ?? BPETokenizer.embeddedDefault(), scorer: scorer,
                                          ledger: ledger, logger: logger, base: start?.transformer)
        let cells = reportOnly ? ledger.cells.values.sorted { $0.key < $1.key } : try runner.run()
        let table = ExperimentTable(settings: settings, cells: cells)
        if let svg {
            let title = "ROUGE-L over \(settings.seeds.count) pool seed(s)"
            try Data(LearningCurveSVG(title: title).render(table).utf8).write(to: URL(fileURLWithPath: svg), options: .atomic)
        }
        if json {
            struct Output: Encodable { var settings: ExperimentSettings; var table: ExperimentTable; var cells: [ExperimentCell] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Output(settings: settings, table: table, cells: cells)), as: UTF8.self))
        } else {
            print(table.markdown, terminator: "")
        }
    }

    /// The pool scorer on the server `--config` names when its scoring backend is `openai`; nil to score here.
    private func serverScorer(_ scoring: ScoringSettings, logger: Logger) throws -> ServerPoolScorer? {
        guard let config else { return nil }
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: config, required: true)
        } catch {
            FileHandle.standardError.write(Data("activetune experiment: \(error)\n".utf8))
            throw ExitCode(78)
        }
        guard configuration.scoringBackend == .openai else { return nil }
        guard !configuration.rotationCommand.isEmpty else {
            throw ValidationError("\(config): scoring.backend is \"openai\" but rotation.command is empty. Every round's "
                                  + "model must be handed to the server before its pool is scored: set rotation.command "
                                  + "to a program that loads the HF directory or GGUF file it is given into the server")
        }
        let handover = ModelHandover(command: configuration.rotationCommand,
                                     timeout: configuration.rotationCommandTimeout)
        let exports = URL(fileURLWithPath: state).appendingPathComponent("exports")
        return ServerPoolScorer(server: try configuration.serverSettings(), settings: scoring, logger: logger) {
            model, tokenizer, key in
            let name = key.replacingOccurrences(of: "/", with: "-")
            logger.notice("handing the model to the scoring server", metadata: ["cell": "\(key)"])
            let result = try handover.run(LanguageModel(transformer: model, tokenizer: tokenizer), id: key,
                                          folder: exports.appendingPathComponent(name), logger: logger,
                                          isCancelled: { false },
                                          output: { logger.info("rotation command output", metadata: ["line": "\($0)"]) })
            guard result.succeeded else {
                throw ExperimentError(.scoring, "rotation.command could not hand cell \(key)'s model to the scoring server: "
                    + "\(result.outcome); its last output: \(result.lastLines.suffix(5).joined(separator: " | "))",
                    hint: "fix the command (it is run with the HF directory and GGUF file in \(exports.path)/\(name)) "
                        + "and run the experiment again: it resumes where it stopped")
            }
            ModelHandover.removeFolders(in: exports, except: name, logger: logger)
        }
    }

    private func makeSettings() throws -> ExperimentSettings {
        var settings = preset == "pretrained" ? ExperimentSettings.pretrained : ExperimentSettings()
        if let strategies {
            settings.strategies = try strategies.split(separator: ",").map { name in
                guard let strategy = SelectionStrategy(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("unknown strategy \(name); use "
                        + SelectionStrategy.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return strategy
            }
        }
        if let seeds {
            settings.seeds = try seeds.split(separator: ",").map { text in
                guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--seeds must be comma-separated non-negative integers, got \(text)")
                }
                return seed
            }
        }
        settings.rounds = rounds ?? settings.rounds
        settings.perRound = perRound ?? settings.perRound
        settings.initial = initial ?? settings.initial
        settings.training.instancesPerTask = instancesPerTask ?? settings.training.instancesPerTask
        settings.training.epochs = epochs ?? settings.training.epochs
        settings.training.batchSize = batchSize ?? settings.training.batchSize
        settings.evaluationInstances = evalInstances ?? settings.evaluationInstances
        settings.scoringInstances = scoringInstances ?? settings.scoringInstances
        settings.perturbations = perturbations ?? settings.perturbations
        return settings
    }
}
