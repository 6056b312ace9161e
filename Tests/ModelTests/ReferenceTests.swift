import Foundation
import TestSupport
import Testing
@testable import Model

extension ModelTests {
    /// The Swift engine agrees with an independent numpy GPT-2 (float64) on logits and token NLLs.
    @Suite struct ReferenceTests {
        /// Where the numpy reference lives, found from this file so it works from any directory.
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/gpt2_reference.py")

        struct ReferenceOutput: Decodable {
            var logits: [[[Double]]]
            var nll: [[Double]]
        }

        @Test func logitsAndLossMatchNumpyReference() throws {
            let config = ModelConfig(vocabSize: 50, contextLength: 32, layers: 2, heads: 4, width: 16)
            let model = try Fixtures.randomModel(config, seed: 11, scale: 0.2)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpt2-ref-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            try model.write(huggingFaceDirectory: dir)
            let sequences = [Fixtures.tokens(32, vocab: 50, seed: 5), Fixtures.tokens(9, vocab: 50, seed: 6)]
            let input = dir.appendingPathComponent("input.json")
            try JSONSerialization.data(withJSONObject: ["sequences": sequences.map { $0.map(Int.init) }]).write(to: input)
            let reference = try JSONDecoder().decode(ReferenceOutput.self, from: try runPython(dir, input))

            var maxLogitDiff = 0.0, maxNLLDiff = 0.0
            let pass = ForwardPass(config: config, training: false)
            for (s, sequence) in sequences.enumerated() {
                var batch = PackedBatch(heads: config.heads)
                batch.append(sequence[...], targets: [Int32](repeating: 0, count: sequence.count))
                let logits = pass.logits(model, batch)
                for t in sequence.indices {
                    for v in 0..<config.vocabSize {
                        maxLogitDiff = max(maxLogitDiff, abs(Double(logits[t * config.vocabSize + v]) - reference.logits[s][t][v]))
                    }
                }
                // Token NLLs through the public scoring path: each target token scored on its own.
                for t in 1..<sequence.count {
                    let nll = try model.meanNLL(prefix: Array(sequence[..<t]),
                                                continuations: [ScoringContinuation(tokens: [sequence[t]], lossStart: 0)])
                    maxNLLDiff = max(maxNLLDiff, abs(nll[0] - reference.nll[s][t - 1]))
                }
            }
            print("numpy reference: max |logit diff| \(maxLogitDiff), max |token NLL diff| \(maxNLLDiff)")
            #expect(maxLogitDiff < 1e-4)
            #expect(maxNLLDiff < 1e-4)
        }

        private func runPython(_ dir: URL, _ input: URL) throws -> Data {
            let run = try ReferencePython.run([Self.script.path, dir.path, input.path], importing: ["numpy"])
            try #require(run.status == 0, "the numpy reference failed: \(run.stderr)")
            return Data(run.stdout.utf8)
        }
    }
}
