import ArgumentParser
import Daemon
import Foundation
import InferenceServer
import Logging
import ModelStore
import Selection
import Tasks

/// `activetune score`: prompt uncertainty, prediction probability and perplexity of task files.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score task files for prompt uncertainty, prediction probability and perplexity.",
        discussion: """
            For each task: n sampled instances, greedy outputs from the clean prompt as targets, k word-drop \
            perturbed prompts; p_ij = exp(-mean NLL) with EOS counted; uncertainty = mean |p_ij - p_i0|. \
            Without --model or --state, the embedded default model freshly initialised with seed 0 is used \
            (untrained: its scores only exercise the pipeline). With --config naming a configuration whose \
            [scoring] backend is "openai", the tasks are scored on that server (scoring.url, scoring.model), which \
            must serve the model --model or --state names: that model's tokenizer fits the prompts.
            """
    )

    @OptionGroup var model: ModelOptions

    @OptionGroup var precision: PrecisionOption

    @Flag(help: "Print a JSON array (one object per task, with per-instance outputs and p values).")
    var json = false

    @Flag(help: "Print JSON (as --json) with each instance's k+1 exact prompts and token ids added.")
    var explain = false

    @Option(help: "n, instances sampled per task.")
    var instances = 10

    @Option(help: "k, perturbed prompts per task.")
    var perturbations = WordDropPerturbation.defaultVariantCount

    @Option(name: .customLong("drop-rate"), help: "Probability of dropping each word, 0...1.")
    var dropRate = WordDropPerturbation.defaultDropRate

    @Option(help: "Seed of instance sampling and perturbations.")
    var seed: UInt64 = WordDropPerturbation.defaultSeed

    @Option(name: .customLong("max-new-tokens"), help: "Greedy decoding limit for the targets.")
    var maxNewTokens = 128

    @Option(help: ArgumentHelp("A configuration file; its [scoring] backend decides where tasks are scored.", valueName: "FILE"))
    var config: String?

    @Argument(help: ArgumentHelp("NIV2 or Self-Instruct task files.", valueName: "FILE"))
    var files: [String]

    var settings: ScoringSettings {
        ScoringSettings(instances: instances, perturbations: perturbations, dropRate: dropRate,
                        maxNewTokens: maxNewTokens, seed: seed)
    }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one task file to score") }
        do {
            try settings.validate()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        try precision.apply()
        let logger = Logger(label: "activetune.score")
        let loaded: LanguageModel
        if let named = try model.load() {
            loaded = named
        } else {
            FileHandle.standardError.write(Data(("note: no --model or --state given; scoring with the embedded default "
                + "model freshly initialised with seed 0 (untrained)\n").utf8))
            loaded = try LanguageModel.createDefault(seed: 0)
        }
        let server = try serverSettings()
        let scorer = try PromptUncertaintyScorer(model: loaded.transformer, tokenizer: loaded.tokenizer, settings: settings,
                                                 logger: logger)
        let remote = try server.map {
            try ServerScorer(server: $0, settings: settings, tokenizer: loaded.tokenizer,
                             contextLength: loaded.transformer.config.contextLength, logger: logger)
        }
        let reader = TaskFileReader()
        var results: [ScoredTask] = []
        if !json && !explain { print("TASK\tKIND\tUNCERTAINTY\tPROBABILITY\tPERPLEXITY") }
        for file in files {
            for task in try reader.read(contentsOf: URL(fileURLWithPath: file), name: file).tasks {
                let scored = try await remote?.score(task, explain: explain) ?? scorer.score(task, explain: explain)
                if json || explain {
                    results.append(scored)
                } else {
                    let s = scored.score
                    print("\(s.task)\t\(s.kind.rawValue)\t\(Self.format(s.promptUncertainty))\t"
                          + "\(Self.format(s.predictionProbability))\t\(Self.format(s.perplexity))")
                }
            }
        }
        if json || explain {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
    }

    /// The server `--config` names when its scoring backend is `openai`; nil to score here.
    private func serverSettings() throws -> ServerSettings? {
        guard let config else { return nil }
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: config, required: true)
        } catch {
            FileHandle.standardError.write(Data("activetune score: \(error)\n".utf8))
            throw ExitCode(78)
        }
        return configuration.scoringBackend == .openai ? try configuration.serverSettings() : nil
    }

    private static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
