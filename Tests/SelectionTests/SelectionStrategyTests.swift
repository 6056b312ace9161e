import Tasks
import Testing
@testable import Selection

/// Each strategy orders the pool as its definition in method.md says.
@Suite struct SelectionStrategyTests {
    func order(_ strategy: SelectionStrategy, _ pool: [TaskScore] = Fixtures.fiveTasks) -> [String] {
        var generator = SeededGenerator(seed: 1)
        return Fixtures.ids(strategy.ordered(pool, using: &generator))
    }

    @Test func deterministicStrategies() {
        #expect(order(.promptUncertainty) == ["a", "d", "c", "b", "e"])
        #expect(order(.highPerplexity) == ["b", "d", "a", "e", "c"])
        #expect(order(.lowPerplexity) == ["c", "e", "a", "d", "b"])
        // Rank sums (uncertainty asc + probability asc): a 8, b 3, c 8, d 6, e 5; a/c tie broken by id.
        #expect(order(.difficult) == ["b", "e", "d", "a", "c"])
        // Rank sums (uncertainty asc + probability desc): a 8, b 7, c 4, d 8, e 3; a/d tie broken by id.
        #expect(order(.easy) == ["e", "c", "b", "a", "d"])
    }

    @Test func cliNames() {
        #expect(SelectionStrategy.allCases.map(\.rawValue)
                == ["prompt-uncertainty", "random", "high-perplexity", "low-perplexity", "easy", "difficult"])
    }

    @Test func tiesBreakByTaskIdWhateverTheInputOrder() {
        let pool = ["t3", "t1", "t2"].map { Fixtures.score($0, u: 0.4, p: 0.4, ppl: 4) }
        for strategy in SelectionStrategy.allCases where strategy != .random {
            #expect(order(strategy, pool) == ["t1", "t2", "t3"], "\(strategy)")
        }
    }

    @Test func tiedValuesShareTheirMeanRank() {
        #expect(Ranking.ascending([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(Ranking.ascending([]) == [])
    }

    @Test func randomIsASeededShuffle() {
        let pool = (0..<40).map { Fixtures.score("t\($0)", u: Double($0)) }
        var g1 = SeededGenerator(seed: 7), g2 = SeededGenerator(seed: 7), g3 = SeededGenerator(seed: 8)
        let first = Fixtures.ids(SelectionStrategy.random.ordered(pool, using: &g1))
        let again = Fixtures.ids(SelectionStrategy.random.ordered(pool.reversed(), using: &g2))
        let other = Fixtures.ids(SelectionStrategy.random.ordered(pool, using: &g3))
        #expect(first == again)
        #expect(first != other)
        #expect(Set(first) == Set(Fixtures.ids(pool)))
        #expect(first != Fixtures.ids(pool.sorted { $0.task < $1.task }))
    }
}
