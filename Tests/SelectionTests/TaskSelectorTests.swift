import Tasks
import Testing
@testable import Selection

/// A selector takes the first K of the strategy's order, under quotas and the diversity filter.
@Suite struct TaskSelectorTests {
    @Test func takesTheFirstK() throws {
        #expect(Fixtures.ids(try TaskSelector().select(2, from: Fixtures.fiveTasks)) == ["a", "d"])
        #expect(Fixtures.ids(try TaskSelector(strategy: .difficult).select(3, from: Fixtures.fiveTasks))
                == ["b", "e", "d"])
        #expect(try TaskSelector().select(9, from: Fixtures.fiveTasks).count == 5)
        #expect(try TaskSelector().select(0, from: Fixtures.fiveTasks).isEmpty)
    }

    @Test func sameSeedSameSelection() throws {
        let pool = (0..<30).map { Fixtures.score("t\($0)", $0 % 3 == 0 ? .classification : .generation, u: 0.1) }
        let selector = TaskSelector(strategy: .random, stratification: .poolRatio)
        var g1 = SeededGenerator(seed: 42), g2 = SeededGenerator(seed: 42), g3 = SeededGenerator(seed: 43)
        var shuffler = SeededGenerator(seed: 99)
        let a = try selector.select(9, from: pool, using: &g1)
        let b = try selector.select(9, from: pool.shuffled(using: &shuffler), using: &g2)
        let c = try selector.select(9, from: pool, using: &g3)
        #expect(a.count == 9)
        #expect(a.count { $0.kind == .classification } == 3)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func refusesRandomWithoutGeneratorAndBadCounts() {
        #expect(throws: SelectionError.self) { try TaskSelector(strategy: .random).select(1, from: Fixtures.fiveTasks) }
        #expect(throws: SelectionError.self) { try TaskSelector().select(-1, from: Fixtures.fiveTasks) }
    }

    @Test func rejectsInvalidScores() {
        for bad in [Double.nan, .infinity, -1] {
            let pool = Fixtures.fiveTasks + [Fixtures.score("x", u: bad)]
            #expect(throws: SelectionError.self) { try TaskSelector().select(2, from: pool) }
        }
        #expect(throws: SelectionError.self) {
            try TaskSelector().select(2, from: Fixtures.fiveTasks + [Fixtures.score("a", u: 0.3)])
        }
    }
}
