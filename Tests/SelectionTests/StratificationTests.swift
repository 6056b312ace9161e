import Testing
@testable import Selection

/// Stratified rounds keep the classification share, rounding halves up, and fill a short stratum from the other.
@Suite struct StratificationTests {
    /// 10 classification tasks c0..c9 and 20 generation tasks g0..g19; uncertainty falls with the index.
    let pool: [TaskScore] = (0..<10).map { Fixtures.score("c\($0)", .classification, u: 1 - Double($0) / 100) }
        + (0..<20).map { Fixtures.score("g\($0)", .generation, u: 2 - Double($0) / 100) }

    @Test func quotaRounding() throws {
        #expect(try Stratification.classificationShare(0.356).classificationQuota(count: 68, pool: []) == 24)
        #expect(try Stratification.classificationShare(0.25).classificationQuota(count: 2, pool: []) == 1)
        #expect(try Stratification.classificationShare(0.2).classificationQuota(count: 2, pool: []) == 0)
        #expect(try Stratification.none.classificationQuota(count: 5, pool: pool) == nil)
        #expect(try Stratification.poolRatio.classificationQuota(count: 6, pool: pool) == 2)
        #expect(throws: SelectionError.self) {
            try Stratification.classificationShare(1.5).classificationQuota(count: 5, pool: [])
        }
    }

    @Test func keepsThePoolRatio() throws {
        let picked = try TaskSelector(stratification: .poolRatio).select(6, from: pool)
        // Unstratified, all six would be generation tasks (their uncertainty is higher).
        #expect(Fixtures.ids(picked) == ["g0", "g1", "g2", "g3", "c0", "c1"])
        #expect(Fixtures.ids(try TaskSelector().select(3, from: pool)) == ["g0", "g1", "g2"])
    }

    @Test func givenShare() throws {
        let picked = try TaskSelector(stratification: .classificationShare(0.5)).select(8, from: pool)
        #expect(Set(Fixtures.ids(picked)) == ["c0", "c1", "c2", "c3", "g0", "g1", "g2", "g3"])
    }

    @Test func shortStratumIsFilledFromTheOther() throws {
        let picked = try TaskSelector(stratification: .classificationShare(0.9)).select(20, from: pool)
        #expect(picked.count == 20)
        #expect(picked.count { $0.kind == .classification } == 10)
        #expect(Set(Fixtures.ids(picked.filter { $0.kind == .generation })) == Set((0..<10).map { "g\($0)" }))
    }
}
