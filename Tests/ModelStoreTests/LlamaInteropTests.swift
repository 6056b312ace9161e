import Checkpoint
import Foundation
import Model
import TestSupport
import Testing
@testable import ModelStore

/// Llama-family models in and out of activetune, checked against transformers: tiny random Llama and Qwen2
/// models that transformers writes at test time (sharded safetensors, untied head, GQA, llama3 RoPE scaling,
/// q/k/v biases, EOS only in generation_config.json) and the real SmolLM2 GGUF. Imported, each gives
/// transformers' per-token log-probabilities on real NIV2 prompts and its greedy continuations; exported (HF
/// directory, GGUF file), transformers loads the right class and computes the same log-probabilities.
///
/// Tolerance 1e-4 nats: both sides compute in fp32 from identical weights, so they differ only by summation
/// order (~1e-5 observed over SmolLM2's 30 blocks); a semantic mistake (RoPE pairing, GQA grouping, a
/// missing bias, a wrong EOS) moves log-probabilities by far more.
@Suite(.serialized) struct LlamaInteropTests {
    static let tolerance = 1e-4
    static let smolLM2 = ReferencePython.packageRoot.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    static let script = ReferencePython.packageRoot.appendingPathComponent("Tests/ModelStoreTests/Reference/llama_interop.py")

    struct Reference: Decodable {
        struct Model: Decodable {
            var ids: [[Int32]]
            var logprobs: [[Double]]
            var greedy: [[Int32]]
            var shards: [String]
        }
        var models: [String: Model]
    }

    struct Check: Decodable {
        var `class`: String
        var ids: [[Int32]]
        var logprobs: [[Double]]
    }

    /// Made once: the tiny models, the prompts and transformers' numbers.
    struct Fixture: Sendable {
        let directory: URL
        let prompts: URL
        let texts: [String]

        static let shared = Result<Fixture, any Error> { try Fixture() }

        private init() throws {
            try #require(FileManager.default.fileExists(atPath: LlamaInteropTests.smolLM2.path),
                         "missing \(LlamaInteropTests.smolLM2.path). HINT: run ./scripts/setup.sh --test")
            directory = Fixtures.temporaryPath("llama-interop")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            ScratchSpace.removeAtExit(directory)
            texts = try Self.niv2Prompts()
            prompts = directory.appendingPathComponent("prompts.json")
            try JSONSerialization.data(withJSONObject: texts).write(to: prompts)
        }

        /// Three real NIV2 prompts in the Tk-Instruct layout: definition, one positive example, an instance.
        static func niv2Prompts() throws -> [String] {
            let tasks = ReferencePython.packageRoot.deletingLastPathComponent()
                .appendingPathComponent("shared/data/niv2/tasks")
            let files = try FileManager.default.contentsOfDirectory(atPath: tasks.path).filter { $0.hasSuffix(".json") }.sorted()
            try #require(files.count >= 3, "the shared NIV2 tasks are missing from \(tasks.path)")
            return try files.prefix(3).map { name in
                let object = try JSONSerialization.jsonObject(with: Data(contentsOf: tasks.appendingPathComponent(name)))
                let task = try #require(object as? [String: Any])
                let definition = (task["Definition"] as? [String])?.first ?? ""
                let example = (task["Positive Examples"] as? [[String: Any]])?.first ?? [:]
                let instance = (task["Instances"] as? [[String: Any]])?.first ?? [:]
                return "Definition: \(definition.prefix(400))\n\nPositive Example 1 -\nInput: "
                    + "\(String(describing: example["input"] ?? "").prefix(300))\nOutput: \(example["output"] ?? "")\n\n"
                    + "Now complete the following example -\nInput: \(String(describing: instance["input"] ?? "").prefix(300))\nOutput:"
            }
        }
    }

    static func python(_ arguments: [String], importing: [String] = ["torch", "transformers", "gguf"]) throws -> String {
        let run = try ReferencePython.run([script.path] + arguments, importing: importing)
        try #require(run.status == 0, "llama_interop.py \(arguments.first ?? "") failed: \(run.stderr.suffix(2000))")
        return run.stdout
    }

    static let reference = Result<Reference, any Error> {
        let fixture = try Fixture.shared.get()
        let out = try python(["make", fixture.directory.path, fixture.prompts.path, smolLM2.path])
        return try JSONDecoder().decode(Reference.self, from: Data(out.utf8))
    }

    /// Per-token log-probabilities of tokens[1...] given their prefixes, from the model's logits.
    static func logprobs(_ model: Transformer, _ tokens: [Int32]) throws -> [Double] {
        let logits = try model.logits(tokens: tokens), V = model.config.vocabSize
        return (0..<(tokens.count - 1)).map { t in
            let row = logits[(t * V)..<((t + 1) * V)]
            let m = Double(row.max()!)
            let lse = m + Foundation.log(row.reduce(0.0) { $0 + Foundation.exp(Double($1) - m) })
            return Double(row[t * V + Int(tokens[t + 1])]) - lse
        }
    }

    static func maxDifference(_ a: [[Double]], _ b: [[Double]]) throws -> Double {
        try #require(a.map(\.count) == b.map(\.count), "different token counts: \(a.map(\.count)) vs \(b.map(\.count))")
        return zip(a.joined(), b.joined()).map { abs($0 - $1) }.max() ?? 0
    }

    static func imported(_ name: String) throws -> LanguageModel {
        let fixture = try Fixture.shared.get()
        return try LanguageModel(importing: name == "smollm2" ? Self.smolLM2.path : fixture.directory.appendingPathComponent(name).path)
    }

    // The tests are async and run their model and Python work through `offPool`, so that minute-long blocking work
    // does not hold the cooperative threads other tests resume on.

    @Test(arguments: ["llama", "qwen2", "smollm2"])
    func importedModelsMatchTransformers(name: String) async throws {
        let fixture = try await offPool { try Fixture.shared.get() }
        let expected = try #require(try await offPool { try Self.reference.get() }.models[name])
        let (model, ours, greedy) = try await offPool {
            let model = try Self.imported(name)
            let ours = try expected.ids.map { try Self.logprobs(model.transformer, $0) }
            let greedy = try model.transformer.greedyDecode(prompts: expected.ids, maxNewTokens: 8, stopToken: -1).map(\.tokens)
            return (model, ours, greedy)
        }
        let difference = try Self.maxDifference(ours, expected.logprobs)
        print("\(name): \(model.transformer.parameterCount) parameters, max |Δ log p| = \(difference) over "
            + "\(expected.logprobs.joined().count) tokens; greedy \(greedy == expected.greedy ? "identical" : "DIFFERENT")")
        #expect(difference <= Self.tolerance)
        #expect(greedy == expected.greedy)
        // The tokenizer gives transformers' ids on these prompts.
        #expect(fixture.texts.map { model.tokenizer.encode($0) } == expected.ids)
        switch name {
        case "llama":
            #expect(expected.shards.count > 1, "the llama fixture is sharded")
            #expect(!model.transformer.config.tiedEmbeddings && model.transformer.config.kvHeads == 2)
            #expect(model.transformer.config.eosTokenId == 2, "EOS comes from generation_config.json")
            #expect(model.transformer.config.ropeScaling != .none)
        case "qwen2":
            #expect(model.transformer.config.attentionBias && model.transformer.config.tiedEmbeddings)
        default:
            #expect(model.tokenizer.eosID == 2 && model.transformer.config.eosTokenId == 2)
        }
    }

    /// HF export (and GGUF export of the tied models): transformers loads the right class with the same numbers.
    @Test(arguments: [("llama", "hf"), ("qwen2", "hf"), ("smollm2", "hf"), ("qwen2", "gguf"), ("smollm2", "gguf")])
    func exportsLoadInTransformersWithTheSameNumbers(name: String, format: String) async throws {
        let fixture = try await offPool { try Fixture.shared.get() }
        let expected = try #require(try await offPool { try Self.reference.get() }.models[name])
        let out = fixture.directory.appendingPathComponent("export-\(name).\(format)")
        // An export of SmolLM2 is half a gigabyte: gone as soon as it is checked.
        defer { try? FileManager.default.removeItem(at: out) }
        let (model, check, back) = try await offPool { () throws -> (LanguageModel, Check, LanguageModel?) in
            let model = try Self.imported(name)
            if format == "hf" {
                try model.write(huggingFaceDirectory: out)
            } else {
                try model.write(gguf: out.path)
            }
            let check = try JSONDecoder().decode(Check.self, from: Data(Self.python(["check", format, out.path, fixture.prompts.path]).utf8))
            return (model, check, format == "gguf" ? try LanguageModel(importing: out.path) : nil)
        }
        let difference = try Self.maxDifference(check.logprobs, expected.logprobs)
        print("\(name) exported as \(format): \(check.class), max |Δ log p| = \(difference)")
        #expect(check.class == (name == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"))
        #expect(check.ids == expected.ids)
        #expect(difference <= Self.tolerance)
        if let back {
            // And activetune reads its own file back to the same weights.
            #expect(back.transformer.flatParameters == model.transformer.flatParameters)
            #expect(back.tokenizer.payload() == model.tokenizer.payload())
        }
    }

    /// A checkpoint keeps the model and the tokenizer exactly, the tied head stored once.
    @Test func checkpointRoundTripIsExact() throws {
        let model = try Self.imported("llama")
        let checkpoint = try model.checkpoint(provenance: Provenance(round: 0, strategy: "import", programVersion: "test"))
        #expect(checkpoint.tensors.map(\.name).contains("lm_head.weight"))
        let back = try LanguageModel(checkpoint: checkpoint, source: "test")
        #expect(back.transformer.config == model.transformer.config)
        #expect(back.transformer.flatParameters == model.transformer.flatParameters)
        #expect(back.tokenizer.payload() == model.tokenizer.payload())
        let tied = try Self.imported("qwen2").checkpoint(provenance: Provenance(round: 0, strategy: "import", programVersion: "test"))
        #expect(!tied.tensors.map(\.name).contains("lm_head.weight"))
    }
}
