import Testing
@testable import Daemon

/// When rounds start: round 0 on enough accepted tasks, later rounds on a full scored pool or a long wait.
@Suite struct BudgetPolicyTests {
    let policy = BudgetPolicy(initialTasks: 4, poolSize: 8, perRound: 3, maxWaitSeconds: 60)

    @Test func roundZeroWaitsForInitialTasks() {
        #expect(policy.decide(hasTrainedModel: false, pool: 3, scored: 0, oldestWait: nil)
                == .wait(reason: "round 0 needs 4 tasks, have 3"))
        #expect(policy.decide(hasTrainedModel: false, pool: 5, scored: 0, oldestWait: nil) == .initialRound(count: 4))
    }

    @Test func selectionRoundOnFullPool() {
        #expect(policy.decide(hasTrainedModel: true, pool: 10, scored: 7, oldestWait: 1) == .wait(reason: "budget 7/8 scored tasks"))
        #expect(policy.decide(hasTrainedModel: true, pool: 10, scored: 8, oldestWait: 1) == .selectionRound(count: 3))
    }

    @Test func maxWaitStartsASmallerRound() {
        #expect(policy.decide(hasTrainedModel: true, pool: 2, scored: 2, oldestWait: 59) == .wait(reason: "budget 2/8 scored tasks"))
        #expect(policy.decide(hasTrainedModel: true, pool: 2, scored: 2, oldestWait: 60) == .selectionRound(count: 2))
        let off = BudgetPolicy(initialTasks: 4, poolSize: 8, perRound: 3, maxWaitSeconds: 0)
        #expect(off.decide(hasTrainedModel: true, pool: 2, scored: 2, oldestWait: 1e9) == .wait(reason: "budget 2/8 scored tasks"))
    }

    @Test func progressIsAFraction() {
        #expect(policy.progress(hasTrainedModel: false, pool: 2, scored: 0) == 0.5)
        #expect(policy.progress(hasTrainedModel: true, pool: 20, scored: 16) == 1)
    }
}
