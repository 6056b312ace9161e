import Foundation
import Testing
@testable import Selection

/// TaskScore is the JSON row of `activetune score --json` and is validated before any selection.
@Suite struct TaskScoreTests {
    @Test func decodesSnakeCaseRowsAndIgnoresOtherKeys() throws {
        let json = """
        [{"task": "t1", "kind": "classification", "prompt_uncertainty": 0.02, "prediction_probability": 0.7,
          "perplexity": 1.8, "model": "v3"},
         {"task": "t2", "kind": "generation", "prompt_uncertainty": 0, "prediction_probability": 0.1,
          "perplexity": 12, "definition": "Write a title."}]
        """
        let rows = try JSONDecoder().decode([TaskScore].self, from: Data(json.utf8))
        #expect(rows == [
            TaskScore(task: "t1", kind: .classification, promptUncertainty: 0.02, predictionProbability: 0.7,
                      perplexity: 1.8),
            TaskScore(task: "t2", kind: .generation, promptUncertainty: 0, predictionProbability: 0.1,
                      perplexity: 12, definition: "Write a title."),
        ])
        let again = try JSONDecoder().decode([TaskScore].self, from: JSONEncoder().encode(rows))
        #expect(again == rows)
    }

    @Test(arguments: [
        (Double.nan, 0.5, 2.0), (Double.infinity, 0.5, 2.0), (-0.1, 0.5, 2.0),
        (0.1, 1.5, 2.0), (0.1, -0.5, 2.0), (0.1, Double.nan, 2.0), (0.1, 0.5, 0.0), (0.1, 0.5, -Double.infinity),
    ])
    func rejectsOutOfRange(u: Double, p: Double, ppl: Double) {
        let error = #expect(throws: SelectionError.self) {
            try TaskScore.validate([Fixtures.score("bad", u: u, p: p, ppl: ppl)])
        }
        #expect(error?.code == .invalidScore)
        #expect(error?.description.contains("task bad") == true)
    }

    @Test func decodePoolNamesTheBadRow() {
        let nan = #expect(throws: SelectionError.self) {
            try TaskScore.decodePool(Data(#"[{"task": "t", "kind": "generation", "prompt_uncertainty": Infinity, "prediction_probability": 0.5, "perplexity": 2}]"#.utf8), source: "x.json")
        }
        #expect(nan?.code == .invalidScore)
        let missing = #expect(throws: SelectionError.self) {
            try TaskScore.decodePool(Data(#"[{"task": "t", "kind": "generation"}]"#.utf8), source: "x.json")
        }
        #expect(missing?.code == .unreadableInput)
        #expect(missing?.description.contains("x.json") == true)
    }

    @Test func rejectsDuplicateTasks() {
        let error = #expect(throws: SelectionError.self) {
            try TaskScore.validate([Fixtures.score("a", u: 0.1), Fixtures.score("a", u: 0.2)])
        }
        #expect(error?.code == .duplicateTask)
    }
}
