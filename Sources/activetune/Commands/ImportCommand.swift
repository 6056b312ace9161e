import ArgumentParser
import Checkpoint
import Foundation
import Logging
import ModelStore

/// `activetune import`: commits a Hugging Face GPT-2-family model as a state directory's active model.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an HF GPT-2-family model directory and make it the active model.",
        discussion: """
            The directory must hold config.json, model.safetensors (F32, F16 or BF16), vocab.json and merges.txt. \
            The model is committed through the checkpoint store as round 0 with strategy "import"; a model that \
            was active stays as `previous`.
            """
    )

    @Option(help: ArgumentHelp("The HF model directory.", valueName: "DIR"))
    var from: String

    @Option(help: "The daemon's state directory; created if needed.")
    var state = StateDirectory.defaultPath

    func run() throws {
        let model = try LanguageModel(huggingFaceDirectory: URL(fileURLWithPath: from))
        let store = try StateDirectory.store(state)
        let provenance = Provenance(round: 0, strategy: "import", programVersion: ActiveTuneVersion.string)
        let id = try store.commit(model.checkpoint(provenance: provenance, metadata: ["activetune-imported-from": from])).id
        print("active model: \(id) (\(model.transformer.parameterCount) parameters, imported from \(from)) in \(store.path)")
    }
}
