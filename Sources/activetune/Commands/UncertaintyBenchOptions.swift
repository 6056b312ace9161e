import ArgumentParser
import Benchmarks
import Daemon
import Foundation
import Logging
import ModelStore
import Selection
import State
import Tasks

/// `activetune bench --uncertainty`: prompt-uncertainty scoring of real NIV2 tasks, with and without prefix reuse.
struct UncertaintyBenchOptions: ParsableArguments {
    @Flag(help: "Also time prompt-uncertainty scoring of 4 real NIV2 tasks (default model, n = k = 10, 128 tokens).")
    var uncertainty = false

    @Option(help: ArgumentHelp("The NIV2 tasks directory for --uncertainty.", valueName: "DIR"))
    var data = "../shared/data/niv2/tasks"

    @Option(name: .customLong("uncertainty-model"),
            help: ArgumentHelp("Score with this checkpoint instead of the freshly initialised default model "
                               + "(e.g. a trained one, whose outputs are shorter).", valueName: "CKPT"))
    var model: String?

    @Option(name: .customLong("uncertainty-server"),
            help: ArgumentHelp("Also score the same tasks on the OpenAI-compatible server this configuration file's "
                               + "[scoring] section names (backend = \"openai\"; it must serve --uncertainty-model), "
                               + "timing it against the built-in engine.", valueName: "FILE"))
    var server: String?

    @Option(name: .customLong("uncertainty-instances"),
            help: "Instances scored per task (n) in --uncertainty; the paper's 10 by default.")
    var instances = ScoringSettings().instances

    @Option(name: .customLong("uncertainty-perturbations"),
            help: ArgumentHelp("Perturbed prompts per task (k) in --uncertainty; the paper's 10 by default. A slow "
                               + "server (each of its n × (k + 1) requests is timed) may need fewer."))
    var perturbations = ScoringSettings().perturbations

    /// The method's settings with this run's n and k.
    private var settings: ScoringSettings {
        var settings = ScoringSettings()
        settings.instances = instances
        settings.perturbations = perturbations
        return settings
    }

    private var paths: [String] { UncertaintyBenchmark.defaultTasks.map { "\(data)/\($0).json" } }

    /// Checks the task files are there before any benchmark starts.
    func validate() throws {
        guard uncertainty else { return }
        try settings.validate()
        if let path = paths.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            throw ValidationError("\(path) does not exist. HINT: pass --data with the NIV2 tasks directory "
                                  + "(shared/data/niv2/tasks), or run from the package root next to ../shared")
        }
    }

    /// Runs the section when asked for; nil otherwise. With `--uncertainty-server`, also the server comparison.
    func run() async throws -> (UncertaintyBenchmark, ServerScoringBenchmark?)? {
        guard uncertainty else { return nil }
        let logger = Logger(label: "activetune.bench")
        let reader = TaskFileReader()
        let tasks = try paths.map { try reader.read(contentsOf: URL(fileURLWithPath: $0)).tasks[0] }
        let model = try self.model.map { try ModelLocation.checkpointFile($0).load(logger: logger) }
            ?? LanguageModel.createDefault(seed: 0)
        let local = try UncertaintyBenchmark.run(model: model.transformer, tokenizer: model.tokenizer, tasks: tasks,
                                                 settings: settings, logger: logger)
        guard let server else { return (local, nil) }
        let configuration = try DaemonConfiguration.load(path: server, required: true)
        guard configuration.scoringBackend == .openai else {
            throw ValidationError("\(server) does not name a server: set [scoring] backend = \"openai\", url and model")
        }
        let remote = try await ServerScoringBenchmark.run(model: model.transformer, tokenizer: model.tokenizer,
                                                          server: try configuration.serverSettings(), tasks: tasks,
                                                          settings: settings, logger: logger)
        return (local, remote)
    }

    /// One line for the table output of the server comparison.
    static func row(_ b: ServerScoringBenchmark) -> String {
        func s(_ x: Double) -> String { String(format: "%.3g", x) }
        return "prompt uncertainty on \(b.url) (\(b.tasks.count) tasks, \(b.concurrency) in flight): "
            + "\(s(b.serverTasksPerSecond)) tasks/s against \(s(b.localTasksPerSecond)) built in "
            + "(\(s(b.serverTasksPerSecond / b.localTasksPerSecond))x); same answers \(b.sameAnswers)/\(b.instances), "
            + "max |d mean NLL| \(s(b.maxMeanNLLDifference)) nats"
    }

    /// One line for the table output.
    static func row(_ b: UncertaintyBenchmark) -> String {
        func s(_ x: Double) -> String { String(format: "%.3g", x) }
        return "prompt uncertainty (\(b.tasks.count) NIV2 tasks, n \(b.instances), k \(b.perturbations)): "
            + "\(s(b.tasksPerSecondReuse)) tasks/s with prefix reuse, \(s(b.tasksPerSecondNaive)) without "
            + "(\(s(b.tasksPerSecondReuse / b.tasksPerSecondNaive))x); positions computed \(b.tokensReuse) vs "
            + "\(b.tokensNaive) (\(s(Double(b.tokensNaive) / Double(max(1, b.tokensReuse))))x at most), "
            + "mean target \(s(b.meanTargetTokens)) tokens, max |dp| \(s(b.maxProbabilityDifference))"
    }
}
