import ArgumentParser
import Checkpoint
import Foundation
import Logging
import ModelStore
import State

/// `activetune import`: commits an HF model directory or a GGUF file as a state directory's active model.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an HF model directory or a GGUF file and make it the active model.",
        discussion: """
            Families: GPT-2 and the Llama family (llama, qwen2, mistral; SmolLM2, Llama 3, Qwen2.5, TinyLlama). \
            An HF directory holds config.json, model.safetensors or shards with model.safetensors.index.json \
            (F32, F16 or BF16), and tokenizer.json (or vocab.json and merges.txt); EOS comes from config.json or \
            generation_config.json. A GGUF file (versions 2 and 3; llama or qwen2 architecture) is dequantized to \
            Float32 and carries its own tokenizer. The model is committed through the checkpoint store as round 0 \
            with strategy "import"; a model that was active stays as `previous`. Anything else is refused and the \
            state is left untouched.
            """
    )

    @Option(help: ArgumentHelp("The HF model directory or GGUF file.", valueName: "PATH"))
    var from: String

    @Option(help: "The daemon's state directory; created if needed.")
    var state = StateDirectory.defaultPath

    func run() throws {
        let model = try LanguageModel(importing: from)
        let store = try OperatorState.checkpoints(state, access: .readWrite).store
        let provenance = Provenance(round: 0, strategy: "import", programVersion: ActiveTuneVersion.string)
        let id = try store.commit(model.checkpoint(provenance: provenance, metadata: ["activetune-imported-from": from])).id
        print("active model: \(id) (\(model.transformer.parameterCount) parameters, imported from \(from)) in \(store.path)")
    }
}
