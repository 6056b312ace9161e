import ArgumentParser
import Foundation
import Model
import ModelStore

/// `activetune export`: writes a model as an HF directory or a GGUF file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a checkpoint or the active model as an HF directory or a GGUF file.",
        discussion: """
            --format hf (the default) writes config.json, generation_config.json, model.safetensors (F32) and \
            tokenizer.json (GPT-2 models also vocab.json and merges.txt), which transformers' AutoModelForCausalLM \
            and AutoTokenizer load as they are. --format gguf writes one GGUF file (Llama family) with the \
            tokenizer inside, matrices in --gguf-type (f32, f16 or bf16), for llama.cpp and Ollama.
            """
    )

    /// What `--format` accepts.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case hf, gguf
    }

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("The directory (hf) or file (gguf) to write.", valueName: "PATH"))
    var out: String

    @Option(help: "hf or gguf.")
    var format: Format = .hf

    @Option(name: .customLong("gguf-type"), help: "The type of a GGUF file's matrices: f32, f16 or bf16.")
    var ggufType: String = "f32"

    func validate() throws {
        if model.location == nil { throw ValidationError("name the model with --model CKPT or --state DIR") }
        if Transformer.GGUFPrecision(rawValue: ggufType) == nil {
            throw ValidationError("--gguf-type must be f32, f16 or bf16, not \(ggufType)")
        }
    }

    func run() throws {
        guard let loaded = try model.load() else { return }
        switch format {
        case .hf:
            try loaded.write(huggingFaceDirectory: URL(fileURLWithPath: out))
        case .gguf:
            try loaded.write(gguf: out, precision: Transformer.GGUFPrecision(rawValue: ggufType) ?? .f32)
        }
        print("wrote \(out) (\(loaded.transformer.parameterCount) parameters, \(format.rawValue))")
    }
}
