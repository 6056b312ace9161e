import ArgumentParser
import Foundation
import Logging
import ModelStore
import Selection
import Tasks

/// `activetune bench --uncertainty`: prompt-uncertainty scoring of real NIV2 tasks, with and without prefix reuse.
struct UncertaintyBenchOptions: ParsableArguments {
    @Flag(help: "Also time prompt-uncertainty scoring of 4 real NIV2 tasks (default model, n = k = 10, 128 tokens).")
    var uncertainty = false

    @Option(help: ArgumentHelp("The NIV2 tasks directory for --uncertainty.", valueName: "DIR"))
    var data = "../shared/data/niv2/tasks"

    /// Runs the section when asked for; nil otherwise.
    func run() throws -> UncertaintyBenchmark? {
        guard uncertainty else { return nil }
        let reader = TaskFileReader()
        let tasks = try UncertaintyBenchmark.defaultTasks.map { name in
            let path = "\(data)/\(name).json"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("\(path) does not exist. HINT: pass --data with the NIV2 tasks directory "
                                      + "(shared/data/niv2/tasks), or run from the package root next to ../shared")
            }
            return try reader.read(contentsOf: URL(fileURLWithPath: path)).tasks[0]
        }
        let model = try LanguageModel.createDefault(seed: 0)
        return try UncertaintyBenchmark.run(model: model.gpt2, tokenizer: model.tokenizer, tasks: tasks,
                                            logger: Logger(label: "activetune.bench"))
    }

    /// One line for the table output.
    static func row(_ b: UncertaintyBenchmark) -> String {
        func s(_ x: Double) -> String { String(format: "%.3g", x) }
        return "prompt uncertainty (\(b.tasks.count) NIV2 tasks, n \(b.instances), k \(b.perturbations)): "
            + "\(s(b.tasksPerSecondReuse)) tasks/s with prefix reuse, \(s(b.tasksPerSecondNaive)) without; "
            + "teacher-forced pass \(s(b.passSecondsReuse)) s vs \(s(b.passSecondsNaive)) s "
            + "(\(s(b.passSecondsNaive / b.passSecondsReuse))x), decoding \(s(b.decodeSeconds)) s"
    }
}
