import ArgumentParser
import Evaluation
import Foundation
import ModelStore

/// `activetune eval`: NIV2-style ROUGE-L / exact-match evaluation of a model on task files.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model on task files: greedy decoding, ROUGE-L and exact match as NIV2 reports them."
    )

    @OptionGroup var model: ModelOptions

    @OptionGroup var precision: PrecisionOption

    @Flag(help: "Print JSON: the report, and every instance with id, prediction, references and rougeL.")
    var json = false

    @Option(help: "Instances evaluated per task, from the start of each file (NIV2: 100).")
    var instances = 100

    @Option(help: "Most tokens generated per instance.")
    var maxNewTokens = 128

    @Argument(help: "Task files or folders of them.")
    var files: [String]

    func validate() throws {
        if instances < 1 { throw ValidationError("--instances must be at least 1") }
        if maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1") }
        if files.isEmpty { throw ValidationError("give at least one task file or folder") }
        if model.location == nil { throw ValidationError("name the model with --model CKPT or --state DIR") }
    }

    func run() throws {
        try precision.apply()
        guard let language = try model.load() else { throw ValidationError("name the model with --model CKPT or --state DIR") }
        let tasks = try TaskFolder.load(files.map { URL(fileURLWithPath: $0) })
        let run = try Evaluator(instancesPerTask: instances, maxNewTokens: maxNewTokens)
            .evaluate(tasks, model: language.transformer, tokenizer: language.tokenizer)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(run), as: UTF8.self))
        } else {
            print(Self.table(run.report))
        }
    }

    /// The report as text: overall and per kind (micro and macro), then one line per task.
    static func table(_ report: EvaluationReport) -> String {
        func line(_ name: String, _ s: MetricSummary) -> String {
            String(format: "%-16@ %5d tasks %6d instances  ROUGE-L %6.2f micro %6.2f macro  EM %6.2f micro %6.2f macro",
                   name as NSString, s.tasks, s.instances, s.micro.rougeL, s.macro.rougeL, s.micro.exactMatch,
                   s.macro.exactMatch)
        }
        var lines = [line("overall", report.overall)]
        lines += report.byKind.keys.sorted().map { line($0, report.byKind[$0]!) }
        lines += report.byTask.keys.sorted().map { id in
            String(format: "  %@  ROUGE-L %6.2f  EM %6.2f", id as NSString, report.byTask[id]!.rougeL,
                   report.byTask[id]!.exactMatch)
        }
        return lines.joined(separator: "\n")
    }
}
