import Foundation

/// Optimiser settings for `Trainer`; every member has a default.
///
/// Keys: `learningRate` Float 3e-4 (peak), `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-8,
/// `weightDecay` 0 (decoupled; matrices and embeddings only), `gradientClip` 1.0 (global L2 norm;
/// 0 disables), `warmupSteps` 0 (linear from lr/warmup), `schedule` constant | cosine,
/// `totalSteps` 0 (cosine only: steps to decay over), `minLearningRateFraction` 0.1 (cosine floor).
public struct AdamWOptions: Codable, Sendable, Equatable {
    /// What the learning rate does after warm-up.
    public enum Schedule: String, Codable, Sendable {
        /// Stay at the peak rate (the paper's setting).
        case constant
        /// Decay along a half cosine to `minLearningRateFraction` of the peak by `totalSteps`.
        case cosine
    }

    /// Peak learning rate.
    public var learningRate: Float
    /// First-moment decay.
    public var beta1: Float
    /// Second-moment decay.
    public var beta2: Float
    /// Denominator guard.
    public var epsilon: Float
    /// Decoupled weight decay.
    public var weightDecay: Float
    /// Maximum global gradient norm; 0 disables clipping.
    public var gradientClip: Float
    /// Linear warm-up steps.
    public var warmupSteps: Int
    /// Learning-rate schedule after warm-up.
    public var schedule: Schedule
    /// Steps over which the cosine schedule decays.
    public var totalSteps: Int
    /// Cosine floor as a fraction of the peak.
    public var minLearningRateFraction: Float

    /// Makes options; every argument has the documented default.
    public init(learningRate: Float = 3e-4, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, gradientClip: Float = 1, warmupSteps: Int = 0,
                schedule: Schedule = .constant, totalSteps: Int = 0, minLearningRateFraction: Float = 0.1) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.gradientClip = gradientClip
        self.warmupSteps = warmupSteps
        self.schedule = schedule
        self.totalSteps = totalSteps
        self.minLearningRateFraction = minLearningRateFraction
    }

    /// The learning rate of 0-based step `step`.
    public func learningRate(at step: Int) -> Float {
        if step < warmupSteps { return learningRate * Float(step + 1) / Float(warmupSteps) }
        guard schedule == .cosine, totalSteps > warmupSteps else { return learningRate }
        let progress = min(1, Float(step - warmupSteps) / Float(totalSteps - warmupSteps))
        let floor = learningRate * minLearningRateFraction
        return floor + (learningRate - floor) * 0.5 * (1 + cos(Float.pi * progress))
    }

    /// Throws naming the first value out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ key: String, _ rule: String) throws {
            if !ok { throw ModelError(.invalidConfig, "optimiser setting `\(key)` must be \(rule)") }
        }
        try check(learningRate > 0 && learningRate.isFinite, "learningRate", "a positive number")
        try check((0..<1).contains(beta1), "beta1", "in [0, 1)")
        try check((0..<1).contains(beta2), "beta2", "in [0, 1)")
        try check(epsilon > 0, "epsilon", "positive")
        try check(weightDecay >= 0, "weightDecay", "0 or more")
        try check(gradientClip >= 0, "gradientClip", "0 (off) or more")
        try check(warmupSteps >= 0, "warmupSteps", "0 or more")
        try check(totalSteps >= 0, "totalSteps", "0 or more")
        try check((0...1).contains(minLearningRateFraction), "minLearningRateFraction", "in [0, 1]")
    }
}
