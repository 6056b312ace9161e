import ArgumentParser
import Daemon
import Foundation
import Selection
import State

/// `activetune taskmap`: draws a scored pool as the paper's task map.
struct TaskmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskmap",
        abstract: "Draw a scored task pool as the paper's task map (SVG), optionally with its table as JSON."
    )

    @Option(help: "The daemon's state directory: maps its pool as scored by the active model (default \(StateDirectory.defaultPath)).")
    var state: String?

    @Option(help: "A JSON array of task scores, as `activetune score --json` prints (`-` reads stdin).")
    var scores: String?

    @Option(help: "Where to write the SVG.")
    var svg: String

    @Flag(help: "Print the table behind the map (one row per task) as JSON on stdout.")
    var json = false

    @Option(help: "K: the size of the selection and of each group (default: a tenth of the pool).")
    var top: Int?

    @Flag(help: "Stratify the marked selection by kind at the pool's classification ratio.")
    var stratified = false

    func validate() throws {
        guard state == nil || scores == nil else {
            throw ValidationError("give one of --state DIR or --scores FILE, not both")
        }
    }

    func run() throws {
        let pool = try scores.map(Self.poolFromFile) ?? Self.poolFromState(state ?? StateDirectory.defaultPath)
        let selector = TaskSelector(stratification: stratified ? .poolRatio : .none)
        let map = try TaskMap(pool: pool, top: top, selector: selector)
        do {
            try Data(TaskMapSVG().render(map).utf8).write(to: URL(fileURLWithPath: svg), options: .atomic)
        } catch {
            throw SelectionError(.unreadableInput, "cannot write the SVG to \(svg): \(error.localizedDescription). "
                + "HINT: check that the directory exists and is writable")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(map.rows), as: UTF8.self))
        } else {
            print("wrote \(svg): \(map.rows.count) tasks, K = \(map.top), \(map.rows.count { $0.selected }) selected")
        }
    }

    private static func poolFromFile(_ path: String) throws -> [TaskScore] {
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SelectionError(.unreadableInput, "cannot read \(path): \(error.localizedDescription). "
                + "HINT: pass the file that `activetune score --json` wrote")
        }
        return try TaskScore.decodePool(data, source: path)
    }

    /// The tasks still in the pool, with their scores against the active model.
    private static func poolFromState(_ state: String) throws -> [TaskScore] {
        // Fails with "no state database in DIR ... HINT: ..." when there is none.
        let directory = try StateDirectory(state, access: .readOnly)
        let store = try directory.openDatabase()
        guard let model = directory.activeModelID else {
            throw SelectionError(.unreadableInput, "no active model in \(state), so no scores to draw. "
                + "HINT: wait for the daemon's first round, or pass --scores FILE")
        }
        let rows = try store.scoredPool(model: model.description)
        // Self-Instruct names need not be unique; the content hash tells such tasks apart.
        let nameCounts = Dictionary(rows.map { ($0.task.name, 1) }, uniquingKeysWith: +)
        return rows.map { task, score in
            let id = nameCounts[task.name, default: 0] > 1 ? "\(task.name)#\(task.hash.prefix(8))" : task.name
            return TaskScore(task: id, kind: task.kind, promptUncertainty: score.promptUncertainty,
                             predictionProbability: score.predictionProbability, perplexity: score.perplexity)
        }
    }
}
