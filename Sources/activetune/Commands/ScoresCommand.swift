import ArgumentParser
import Daemon
import Foundation
import State

/// `activetune scores`: task scores, most uncertain first.
struct ScoresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "List task scores against the active model, most uncertain prompt first.",
        discussion: """
            Reads the state read-only. --all lists the scores of every model version. --json prints an array of \
            objects with task, kind, prompt_uncertainty, prediction_probability, perplexity and model.
            """
    )

    @Option(help: ArgumentHelp("The daemon's state directory.", valueName: "DIR"))
    var state = StateDirectory.defaultPath

    @Flag(help: "Print a JSON array.")
    var json = false

    @Option(help: ArgumentHelp("Show only the K most uncertain tasks.", valueName: "K"))
    var top: Int?

    @Flag(help: "Scores against every model version, not just the active one.")
    var all = false

    /// One `--json` row.
    struct Row: Codable {
        var task: String
        var kind: String
        var promptUncertainty: Double
        var predictionProbability: Double
        var perplexity: Double
        var model: String

        enum CodingKeys: String, CodingKey {
            case task, kind, perplexity, model
            case promptUncertainty = "prompt_uncertainty", predictionProbability = "prediction_probability"
        }
    }

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1.") }
    }

    func run() throws {
        let (stateDirectory, store) = try OperatorState.database(state, command: "scores")
        let models: [String]
        if all {
            models = try store.scoredModels()
        } else {
            models = stateDirectory.activeModelID.map { [$0.description] } ?? []
        }
        var rows = try models.flatMap { model in
            try store.scores(model: model).map { task, score in
                Row(task: task.name, kind: task.kind.rawValue, promptUncertainty: score.promptUncertainty,
                    predictionProbability: score.predictionProbability, perplexity: score.perplexity, model: model)
            }
        }
        rows.sort { ($0.promptUncertainty, $1.task) > ($1.promptUncertainty, $0.task) }
        if let top { rows = Array(rows.prefix(top)) }
        if json {
            print(try OperatorState.json(rows))
            return
        }
        if models.isEmpty && !all {
            print("no active model yet (round 0 has not run); `activetune scores --all` lists older scores")
        }
        for row in rows {
            let numbers = String(format: "uncertainty %.4f  probability %.4f  perplexity %.3f",
                                 row.promptUncertainty, row.predictionProbability, row.perplexity)
            print("\(row.task)  \(row.kind)  \(numbers)  \(row.model)")
        }
    }
}
