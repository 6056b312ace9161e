/// One optimiser step as reported to a progress callback (for logs, STATUS= and the watchdog).
public struct TrainingProgress: Sendable, Equatable {
    /// 1-based step number.
    public var step: Int
    /// Steps the whole run takes.
    public var totalSteps: Int
    /// 1-based epoch.
    public var epoch: Int
    /// Mean target-token NLL of the step's batch, before the update.
    public var loss: Double
    /// Tokens (prompt and target) per second over the run so far.
    public var tokensPerSecond: Double
    /// Estimated seconds left, from the mean step time so far.
    public var secondsRemaining: Double
}

/// What a finished training run did.
public struct TrainingSummary: Sendable, Equatable, Codable {
    /// Training examples (instances over all tasks).
    public var examples: Int
    /// Optimiser steps taken.
    public var steps: Int
    /// Mean loss over the last epoch's steps.
    public var finalLoss: Double
    /// Wall-clock seconds.
    public var seconds: Double

    /// A summary from its numbers.
    public init(examples: Int, steps: Int, finalLoss: Double, seconds: Double) {
        self.examples = examples
        self.steps = steps
        self.finalLoss = finalLoss
        self.seconds = seconds
    }
}
