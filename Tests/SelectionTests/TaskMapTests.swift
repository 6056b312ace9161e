import Foundation
import Testing
@testable import Selection

/// The task map's table: cube-root x, rank-based groups, the selection, and clear errors on bad input.
@Suite struct TaskMapTests {
    @Test func rowsGroupsAndSelection() throws {
        let map = try TaskMap(pool: Fixtures.fiveTasks, top: 2)
        #expect(map.top == 2)
        #expect(map.rows.map(\.task) == ["a", "d", "c", "b", "e"])
        let groups = Dictionary(uniqueKeysWithValues: map.rows.map { ($0.task, $0.groups) })
        // difficult order b e d a c; easy order e c b a d (see SelectionStrategyTests).
        #expect(groups == ["a": [.ambiguous], "b": [.difficult], "c": [.easy], "d": [.ambiguous],
                           "e": [.difficult, .easy]])
        #expect(map.rows.filter(\.selected).map(\.task) == ["a", "d"])
        let a = try #require(map.rows.first)
        #expect(a.x == cbrt(0.9))
        #expect(a.kind == .generation && a.perplexity == 3 && a.predictionProbability == 0.5)
    }

    @Test func stratifiedSelectionDiffersFromTheAmbiguousGroup() throws {
        let pool = [Fixtures.score("g1", u: 0.9), Fixtures.score("g2", u: 0.8),
                    Fixtures.score("c1", .classification, u: 0.1), Fixtures.score("c2", .classification, u: 0.05)]
        let map = try TaskMap(pool: pool, top: 2, selector: TaskSelector(stratification: .poolRatio))
        #expect(Set(map.rows.filter(\.selected).map(\.task)) == ["g1", "c1"])
        #expect(Set(map.rows.filter { $0.groups.contains(.ambiguous) }.map(\.task)) == ["g1", "g2"])
    }

    @Test func cubeRootMapping() {
        #expect(TaskMap.cubeRoot(0) == 0)
        #expect(TaskMap.cubeRoot(8) == 2)
        #expect(abs(TaskMap.cubeRoot(0.001) - 0.1) < 1e-15)
        #expect(TaskMap.cubeRoot(-27) == -3)
        let axis = CubeRootAxis(maxValue: 0.008)
        #expect(abs(axis.fraction(0.008) - 1 / 1.05) < 1e-12)
        #expect(abs(axis.fraction(0.001) - 0.5 / 1.05) < 1e-12)
        let ticks = axis.ticks()
        #expect(ticks.first == 0)
        #expect(ticks.count >= 4)
        #expect(ticks.allSatisfy { axis.fraction($0) <= 1 })
        #expect(ticks == ticks.sorted())
    }

    @Test func defaultTop() {
        #expect(TaskMap.defaultTop(poolSize: 1) == 1)
        #expect(TaskMap.defaultTop(poolSize: 620) == 62)
        #expect(TaskMap.defaultTop(poolSize: 15) == 2)
    }

    @Test func rejectsEmptyPoolBadScoresAndBadTop() {
        let empty = #expect(throws: SelectionError.self) { try TaskMap(pool: []) }
        #expect(empty?.code == .emptyPool)
        #expect(empty?.description.contains("HINT") == true)
        for bad in [Double.nan, .infinity] {
            let error = #expect(throws: SelectionError.self) {
                try TaskMap(pool: Fixtures.fiveTasks + [Fixtures.score("x", u: 0.1, p: bad)])
            }
            #expect(error?.code == .invalidScore)
        }
        #expect(throws: SelectionError.self) { try TaskMap(pool: Fixtures.fiveTasks, top: 0) }
    }

    @Test func jsonRowsUseSnakeCase() throws {
        let map = try TaskMap(pool: [Fixtures.score("t", .classification, u: 0.125, p: 0.25, ppl: 4)], top: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(map.rows)) as? [[String: Any]])
        let row = try #require(object.first)
        #expect(row["task"] as? String == "t")
        #expect(row["kind"] as? String == "classification")
        #expect(row["prompt_uncertainty"] as? Double == 0.125)
        #expect(row["prediction_probability"] as? Double == 0.25)
        #expect(row["perplexity"] as? Double == 4)
        #expect(row["x"] as? Double == 0.5)
        #expect(row["groups"] as? [String] == ["ambiguous", "difficult", "easy"])
        #expect(row["selected"] as? Bool == true)
    }
}
