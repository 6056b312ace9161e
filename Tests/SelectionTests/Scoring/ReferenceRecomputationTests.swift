import Foundation
import Model
import TestSupport
import Testing
@testable import Selection

/// An independent recomputation: numpy GPT-2 on the exported model recomputes every p of the `--explain`
/// JSON from the emitted token ids, and HF `tokenizers` re-tokenizes the prompt and output texts.
@Suite struct ReferenceRecomputationTests {
    struct Report: Decodable {
        var sequences: Int
        var maxPDiff: Double
        var maxScoreDiff: Double
        var tokenMismatches: [String]

        enum CodingKeys: String, CodingKey {
            case sequences
            case maxPDiff = "max_p_diff", maxScoreDiff = "max_score_diff", tokenMismatches = "token_mismatches"
        }
    }

    @Test func numpyRecomputesEveryProbability() throws {
        let scorer = try ScoringFixtures.scorer()
        let scored = try scorer.score(try ScoringFixtures.task843(), explain: true)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scorer-reference-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try scorer.model.write(huggingFaceDirectory: dir)
        try scorer.tokenizer.write(to: dir)
        let scores = dir.appendingPathComponent("scores.json")
        try JSONEncoder().encode([scored]).write(to: scores)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/recompute_scores.py")
        let run = try ReferencePython.run([script.path, dir.path, scores.path], importing: ["numpy", "tokenizers"])
        try #require(run.status == 0, "recompute_scores.py failed: \(run.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        #expect(report.tokenMismatches.isEmpty, "\(report.tokenMismatches)")
        #expect(report.sequences == 4 * 4)
        #expect(report.maxPDiff < 1e-5, "max |Δp| vs numpy = \(report.maxPDiff)")
        #expect(report.maxScoreDiff < 1e-5, "max score difference vs numpy = \(report.maxScoreDiff)")
    }
}
