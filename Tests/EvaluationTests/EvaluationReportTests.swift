import Testing
@testable import Evaluation

/// Reports average over instances (micro) and over tasks (macro), overall and per kind.
@Suite struct EvaluationReportTests {
    func instance(_ task: String, _ kind: String, _ rouge: Double, _ em: Double) -> InstanceEvaluation {
        InstanceEvaluation(task: task, kind: kind, rougeL: rouge, exactMatch: em)
    }

    @Test func microAndMacroAverages() throws {
        let report = try EvaluationReport([
            instance("t1", "classification", 100, 100), instance("t1", "classification", 0, 0),
            instance("t1", "classification", 50, 0), instance("t2", "generation", 20, 0),
        ])
        #expect(report.overall.instances == 4)
        #expect(report.overall.tasks == 2)
        #expect(report.overall.micro == Metrics(rougeL: 170.0 / 4, exactMatch: 25))
        #expect(report.overall.macro == Metrics(rougeL: (50 + 20) / 2, exactMatch: (100.0 / 3) / 2))
        #expect(report.byKind["classification"]?.micro == Metrics(rougeL: 50, exactMatch: 100.0 / 3))
        #expect(report.byKind["generation"]?.macro == Metrics(rougeL: 20, exactMatch: 0))
        #expect(report.byTask["t1"]?.rougeL == 50)
    }

    @Test func scoresAnInstanceTimesHundred() throws {
        let e = try InstanceEvaluation(task: "t", kind: "generation", prediction: "the cat sat on the mat",
                                       references: ["dog", "the cat on the mat"])
        #expect(abs(e.rougeL - 1000.0 / 11.0) < 1e-12)
        #expect(e.exactMatch == 0)
    }

    @Test func rejectsEmptyInputAndMixedKinds() {
        #expect(throws: EvaluationError.self) { try EvaluationReport([]) }
        #expect(throws: EvaluationError.self) {
            try EvaluationReport([self.instance("t", "classification", 1, 0), self.instance("t", "generation", 1, 0)])
        }
    }
}
