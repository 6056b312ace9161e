import ArgumentParser
import Foundation
import ModelStore

/// `activetune export`: writes a model in the Hugging Face layout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a checkpoint or the active model as an HF directory (config.json, model.safetensors, ...).",
        discussion: """
            Writes config.json, model.safetensors (F32), vocab.json and merges.txt, which transformers' \
            GPT2LMHeadModel and GPT2TokenizerFast load as they are.
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("The directory to write; created if needed.", valueName: "DIR"))
    var out: String

    func validate() throws {
        if model.location == nil { throw ValidationError("name the model with --model CKPT or --state DIR") }
    }

    func run() throws {
        guard let loaded = try model.load() else { return }
        try loaded.write(huggingFaceDirectory: URL(fileURLWithPath: out))
        print("wrote \(out) (\(loaded.transformer.parameterCount) parameters)")
    }
}
