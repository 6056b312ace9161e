import Foundation

/// SplitMix64: a tiny deterministic generator, so the synthetic tests of every module see the same data every run
/// and a failure reproduces.
public struct TestRandom: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    public mutating func uniform() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    /// `count` values uniform in [-scale, scale).
    public mutating func floats(_ count: Int, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in uniform() * scale }
    }

    /// A standard normal sample (Box-Muller).
    public mutating func normal() -> Float {
        let u = Double.random(in: Double.ulpOfOne ..< 1, using: &self)
        let v = Double.random(in: 0 ..< 1, using: &self)
        return Float((-2 * Foundation.log(u)).squareRoot() * cos(2 * .pi * v))
    }
}
