import ArgumentParser
import Logging
import ModelStore
import State

/// `--model MODEL` / `--state DIR`: where a command takes its model from.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp("A checkpoint file, GGUF file or HF model directory to use.",
                                                           valueName: "MODEL"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("A state directory whose active model to use.", valueName: "DIR"))
    var state: String?

    func validate() throws {
        if checkpoint != nil && state != nil { throw ValidationError("give either --model or --state, not both") }
    }

    /// The location given, or nil when neither option was.
    var location: ModelLocation? {
        if let checkpoint { return .checkpointFile(checkpoint) }
        return state.map { .stateDirectory($0) }
    }

    /// Loads the model the options name, or nil when none was named.
    func load() throws -> LanguageModel? {
        try location?.load(logger: Logger(label: "activetune.cli"))
    }
}
