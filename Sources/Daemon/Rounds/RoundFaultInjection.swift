import Glibc

/// A debug setting for crash tests: `ACTIVETUNE_DEBUG_KILL_AT=STEP[@ROUND]` makes the daemon SIGKILL itself right
/// after STEP of a round (of round ROUND, or of the first round to get there) is durable, so a test can check that
/// a restart continues from each recorded step. Unset, as in every real deployment, it does nothing.
///
/// Steps, in order: `selected` (the round's row is written), `written` (its checkpoint is in the store, not yet
/// recorded), `committed` (recorded), `activated` (the `active` link names it, its outcome not yet recorded),
/// `finished` (the outcome is recorded).
struct RoundFaultInjection: Sendable {
    /// A point in a round at which the daemon may be killed.
    enum Step: String, Sendable, CaseIterable {
        case selected, written, committed, activated, finished
    }

    /// The environment variable.
    static let variable = "ACTIVETUNE_DEBUG_KILL_AT"

    private let step: Step?
    private let round: Int?

    /// Reads `ACTIVETUNE_DEBUG_KILL_AT` from `environment`; a value that does not parse disables it.
    init(environment: [String: String]) {
        let parts = (environment[Self.variable] ?? "").split(separator: "@", maxSplits: 1).map(String.init)
        step = parts.first.flatMap(Step.init(rawValue:))
        round = parts.count == 2 ? Int(parts[1]) : nil
    }

    /// Kills the process if the setting names `step` of round `number`.
    func reached(_ step: Step, round number: Int) {
        guard step == self.step, round == nil || round == number else { return }
        kill(getpid(), SIGKILL)
    }
}
