/// Decides when the daemon runs a round: the budget threshold of the configuration.
///
/// Round 0 (no trained model yet) starts once `initialTasks` tasks have been accepted: the paper trains its first
/// model on randomly chosen tasks, which needs no scores. Later rounds start when `poolSize` scored, unselected
/// tasks wait, or, with `maxWaitSeconds` set, when at least one task is scored and the oldest has waited that long.
public struct BudgetPolicy: Sendable, Equatable {
    /// Tasks that train the round-0 model.
    public var initialTasks: Int
    /// Scored, unselected tasks that start a round.
    public var poolSize: Int
    /// Tasks selected per round.
    public var perRound: Int
    /// Seconds after which a waiting, scored pool starts a round even below `poolSize`; 0 turns this off.
    public var maxWaitSeconds: Int

    /// What the daemon should do next, given the state.
    public enum Decision: Sendable, Equatable {
        /// Train the round-0 model on `count` random tasks.
        case initialRound(count: Int)
        /// Run a selection round picking `count` tasks from the scored pool.
        case selectionRound(count: Int)
        /// Not yet; `reason` says what is missing (for STATUS= and `activetune status`).
        case wait(reason: String)
    }

    /// The policy of a configuration's `budget` section.
    public init(_ configuration: DaemonConfiguration) {
        self.init(initialTasks: configuration.initialTasks, poolSize: configuration.poolSize,
                  perRound: configuration.perRound, maxWaitSeconds: configuration.maxWaitSeconds)
    }

    /// A policy from its four numbers.
    public init(initialTasks: Int, poolSize: Int, perRound: Int, maxWaitSeconds: Int) {
        self.initialTasks = initialTasks
        self.poolSize = poolSize
        self.perRound = perRound
        self.maxWaitSeconds = maxWaitSeconds
    }

    /// The decision for a state with `hasTrainedModel` (a round has rotated a model in), `pool` unselected tasks of
    /// which `scored` are scored against the active model, the oldest scored one accepted `oldestWait` seconds ago.
    public func decide(hasTrainedModel: Bool, pool: Int, scored: Int, oldestWait: Double?) -> Decision {
        if !hasTrainedModel {
            return pool >= initialTasks
                ? .initialRound(count: initialTasks)
                : .wait(reason: "round 0 needs \(initialTasks) tasks, have \(pool)")
        }
        if scored >= poolSize { return .selectionRound(count: min(perRound, scored)) }
        if maxWaitSeconds > 0, scored > 0, let oldestWait, oldestWait >= Double(maxWaitSeconds) {
            return .selectionRound(count: min(perRound, scored))
        }
        return .wait(reason: "budget \(scored)/\(poolSize) scored tasks")
    }

    /// Budget progress as a fraction in 0...1, for STATUS= and metrics.
    public func progress(hasTrainedModel: Bool, pool: Int, scored: Int) -> Double {
        let (have, need) = progressCounts(hasTrainedModel: hasTrainedModel, pool: pool, scored: scored)
        return min(1, Double(have) / Double(max(1, need)))
    }

    /// Budget progress as counts (`have` of `need` tasks), for STATUS= ("budget 5/8").
    public func progressCounts(hasTrainedModel: Bool, pool: Int, scored: Int) -> (have: Int, need: Int) {
        hasTrainedModel ? (scored, poolSize) : (pool, initialTasks)
    }
}
