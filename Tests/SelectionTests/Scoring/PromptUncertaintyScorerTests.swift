import Foundation
import Model
import Tasks
import Testing
@testable import Selection

/// The scorer end to end on a tiny model and a real NIV2 task: exactness of the shared-prefix pass,
/// independence from batch size and thread count, and what the perturbations may touch.
@Suite(.serialized) struct PromptUncertaintyScorerTests {
    @Test func noDroppedWordsMeansExactlyZeroUncertainty() throws {
        var settings = ScoringFixtures.small
        settings.dropRate = 0
        let scored = try ScoringFixtures.scorer(settings).score(try ScoringFixtures.task843())
        #expect(scored.score.promptUncertainty == 0)
        #expect(scored.instances.allSatisfy { row in row.p.allSatisfy { $0 == row.p[0] } })
        #expect(scored.score.predictionProbability > 0 && scored.score.predictionProbability < 1)
    }

    @Test func explainShowsExactPromptsAndTheMethodsNumbers() throws {
        let task = try ScoringFixtures.task843()
        let scorer = try ScoringFixtures.scorer()
        let scored = try scorer.score(task, explain: true)
        let sampled = task.sampledInstances(4, seed: 0)
        #expect(scored.instances.map(\.id) == sampled.map(\.id))
        #expect(scored.score.task == task.id && scored.score.kind.rawValue == task.kind.rawValue)
        let budget = ScoringFixtures.tiny.contextLength - 12 - 1
        for (row, instance) in zip(scored.instances, sampled) {
            let prompts = try #require(row.prompts)
            #expect(prompts.count == 4 && row.p.count == 4)
            #expect(prompts[0] == scorer.renderer.render(task: task, instance: instance))
            #expect(try #require(row.promptTokens) == prompts.map { scorer.tokenizer.encode($0) })
            #expect(prompts.allSatisfy { scorer.tokenizer.tokenCount($0) <= budget })
            #expect(try #require(row.targetTokens) == scorer.tokenizer.encode(row.output) + [scorer.tokenizer.eosID])
            #expect(zip(row.p, row.meanNLL).allSatisfy { abs($0 - exp(-$1)) < 1e-15 })
        }
        let p = scored.instances.map(\.p)
        let u = p.reduce(0.0) { s, r in s + r.dropFirst().reduce(0.0) { $0 + abs($1 - r[0]) } } / Double(4 * 3)
        #expect(abs(scored.score.promptUncertainty - u) < 1e-15)
        #expect(scored.score.promptUncertainty > 0, "perturbed prompts should change some probability")
        let clean = scored.instances.map { exp($0.meanNLL[0]) }.reduce(0, +) / 4
        #expect(abs(scored.score.perplexity - clean) < 1e-12)
    }

    /// A model whose tokenizer starts prompts with a BOS: every scored prompt starts with it, and the text is fitted
    /// one token shorter so that prompt and target still fit the context.
    @Test func aModelsBOSStartsEveryScoredPrompt() throws {
        let (model, plain) = try ScoringFixtures.model()
        var payload = plain.payload()
        payload.bosID = plain.eosID
        let tokenizer = try BPETokenizer(payload: payload, source: "test")
        let scorer = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: ScoringFixtures.small,
                                                 logger: .init(label: "test"))
        let scored = try scorer.score(try ScoringFixtures.task843(), explain: true)
        let budget = ScoringFixtures.tiny.contextLength - 12 - 1 - 1
        for row in scored.instances {
            let prompts = try #require(row.prompts)
            #expect(try #require(row.promptTokens) == prompts.map { [plain.eosID] + plain.encode($0) })
            #expect(prompts.allSatisfy { plain.tokenCount($0) <= budget })
        }
    }

    /// Without a budget cut the instance part and the example outputs survive in every variant, byte for byte.
    @Test func instanceInputsAndExampleOutputsAreNeverPerturbed() throws {
        let task = try ScoringFixtures.task843()
        let tokenizer = try BPETokenizer.embeddedDefault()
        let wide = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 1024, layers: 1, heads: 1, width: 8,
                                                bosTokenId: 256, eosTokenId: 256), seed: 3)
        let scorer = try PromptUncertaintyScorer(model: wide, tokenizer: tokenizer,
                                                 settings: ScoringSettings(instances: 3, perturbations: 5, maxNewTokens: 4),
                                                 logger: .init(label: "test"))
        let scored = try scorer.score(task, explain: true)
        let marker = "Now complete the following example -\n"
        for row in scored.instances {
            let prompts = try #require(row.prompts)
            let instancePart = try #require(prompts[0].range(of: marker)).lowerBound
            for (j, prompt) in prompts.enumerated() {
                #expect(prompt.hasSuffix(String(prompts[0][instancePart...])), "variant \(j) changed the instance part")
                for example in task.positiveExamples.prefix(2) {
                    #expect(prompt.contains(" Output: " + example.output.trimmingCharacters(in: .whitespacesAndNewlines)),
                            "variant \(j) lost an example output")
                }
            }
            #expect(Set(prompts).count > 1, "some variant should drop words")
        }
    }

    @Test func prefixReuseEqualsScoringEveryFullSequence() throws {
        let task = try ScoringFixtures.task843()
        let reused = try ScoringFixtures.scorer().score(task)
        var naiveSettings = ScoringFixtures.small
        naiveSettings.prefixReuse = false
        let naive = try ScoringFixtures.scorer(naiveSettings).score(task)
        #expect(reused.instances.map(\.output) == naive.instances.map(\.output))
        let diff = zip(reused.instances, naive.instances).flatMap { zip($0.meanNLL, $1.meanNLL).map { abs($0 - $1) } }.max() ?? 0
        #expect(diff < 1e-5, "max |ΔNLL| = \(diff)")
    }

    @Test func scoresDoNotDependOnBatchSizeOrThreads() throws {
        let task = try ScoringFixtures.task843()
        let before = Compute.threads
        defer { Compute.setThreads(before) }
        Compute.setThreads(1)
        let serial = try ScoringFixtures.scorer().score(task)
        Compute.setThreads(3)
        var oneByOne = ScoringFixtures.small
        oneByOne.decodeBatchSize = 1
        let batched = try ScoringFixtures.scorer(oneByOne).score(task)
        #expect(serial.instances.map(\.output) == batched.instances.map(\.output))
        let diff = zip(serial.instances, batched.instances).flatMap { zip($0.p, $1.p).map { abs($0 - $1) } }.max() ?? 0
        #expect(diff < 1e-6, "max |Δp| = \(diff)")
        #expect(abs(serial.score.promptUncertainty - batched.score.promptUncertainty) < 1e-6)
    }

    @Test func settingsOutOfRangeAreRefused() throws {
        let (gpt2, tokenizer) = try ScoringFixtures.model()
        for bad in [ScoringSettings(instances: 0), ScoringSettings(perturbations: -1), ScoringSettings(dropRate: 1.5),
                    ScoringSettings(maxNewTokens: 0), ScoringSettings(maxNewTokens: 191)] {
            #expect(throws: SelectionError.self) {
                try PromptUncertaintyScorer(model: gpt2, tokenizer: tokenizer, settings: bad, logger: .init(label: "test"))
            }
        }
    }

    @Test func jsonRowIsReadableAsATaskScore() throws {
        let scored = try ScoringFixtures.scorer().score(try ScoringFixtures.task843())
        let data = try JSONEncoder().encode([scored])
        let pool = try TaskScore.decodePool(data, source: "score --json")
        #expect(pool == [scored.score])
        #expect(try JSONDecoder().decode([ScoredTask].self, from: data) == [scored])
    }
}
