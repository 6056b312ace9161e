import Foundation
import TestSupport
import Testing
@testable import Model

/// The Llama-family reference tokenizers, built once per test process by Reference/bpe_reference.py in a
/// temporary directory (none is committed), and the ids HF `tokenizers` gives for texts.
enum LlamaFamilyFixtures {
    /// SmolLM2-135M-Instruct, fetched by set-up.
    static let gguf = ReferencePython.packageRoot.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    static let script = TokenizerFixtures.referenceDirectory.appendingPathComponent("bpe_reference.py")

    /// The reference tokenizer files and the pre-tokenization each one's `tokenizer.json` describes.
    static let files: [(name: String, preTokenization: BPETokenizer.PreTokenization)] = [
        ("gpt2", .gpt2), ("smollm2-gguf", .gpt2), ("smollm2-digits", .smollm), ("llama3", .llama3), ("qwen2", .qwen2),
    ]

    private static let built = Result<URL, any Error> {
        guard FileManager.default.fileExists(atPath: gguf.path) else {
            throw ReferenceFailure(script: "set-up", stderr: "missing \(gguf.path). HINT: run ./scripts/setup.sh --test")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-reference-\(UUID())")
        ScratchSpace.removeAtExit(directory)
        let run = try ReferencePython.run([script.path, "build", directory.path, gguf.path,
                                           try TokenizerFixtures.sharedData().path],
                                          importing: ["tokenizers", "transformers", "gguf"])
        guard run.status == 0 else { throw ReferenceFailure(script: "bpe_reference.py build", stderr: run.stderr) }
        return directory
    }

    /// A reference script failed.
    struct ReferenceFailure: Error, CustomStringConvertible {
        var script: String
        var stderr: String
        var description: String { "\(script) failed: \(stderr.suffix(2_000))" }
    }

    /// The `tokenizer.json` of a reference tokenizer; "gpt2" is the committed GPT-2 style file.
    static func file(_ name: String) throws -> URL {
        if name == "gpt2" { return TokenizerFixtures.referenceDirectory.appendingPathComponent("tokenizer.json") }
        return try built.get().appendingPathComponent(name + ".json")
    }

    /// What HF gives for each text: with added tokens matched (its default) and with none (plain text).
    struct Reference: Decodable {
        var match: [[Int32]]
        var plain: [[Int32]]
        var vocab: Int
    }

    /// HF `tokenizers`' ids of `texts` under the tokenizer in `file`.
    static func reference(_ file: URL, _ texts: [String]) throws -> Reference {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-texts-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: input) }
        try JSONSerialization.data(withJSONObject: texts).write(to: input)
        let run = try ReferencePython.run([script.path, "encode", file.path, input.path], importing: ["tokenizers"])
        guard run.status == 0 else { throw ReferenceFailure(script: "bpe_reference.py encode", stderr: run.stderr) }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(run.stdout.utf8))
        try #require(reference.match.count == texts.count && reference.plain.count == texts.count)
        return reference
    }

    /// The golden texts and every 40th string of the shared task files.
    static func texts() throws -> [String] {
        let shared = try TokenizerFixtures.everySharedText()
        return TokenizerGoldenTexts.all + stride(from: 0, to: shared.count, by: 40).map { shared[$0] }
    }

    /// Mismatches between our ids and HF's, described for the failure message.
    static func mismatches(_ tokenizer: BPETokenizer, _ texts: [String], _ expected: [[Int32]],
                           _ mode: BPETokenizer.SpecialTokens) -> [String] {
        zip(texts, expected).compactMap { text, expected in
            let ours = tokenizer.encode(text, specialTokens: mode)
            return ours == expected ? nil
                : "\(text.prefix(60).debugDescription): ours \(ours.prefix(16)) HF \(expected.prefix(16))"
        }
    }
}
