import Foundation

/// How a model stretches RoPE beyond its pre-training context, as a change to the per-pair frequencies.
///
/// Implemented (each only rescales the inverse frequencies; no attention-temperature change is needed):
/// - `none`: HF `rope_type: "default"`.
/// - `linear(factor)`: HF `rope_type: "linear"`, GGUF `rope.scaling.type = linear`; every frequency / factor,
///   i.e. positions are interpolated by 1/factor.
/// - `llama3(...)`: HF `rope_type: "llama3"` (Llama 3.1/3.2): high frequencies kept, low ones / factor, a
///   smooth blend between, from the four HF config numbers.
/// - `frequencyDivisors`: the same thing as GGUF stores it: llama.cpp's converter bakes the llama3 rule into a
///   `rope_freqs.weight` tensor of per-pair divisors (1 … factor), which llama.cpp divides each frequency by.
///
/// Not implemented (rejected at load with `unsupportedModel`): YaRN, LongRoPE, dynamic NTK, which change the
/// attention temperature or depend on the sequence length.
public enum RopeScaling: Sendable, Equatable {
    /// Plain RoPE.
    case none
    /// Position interpolation: each frequency is divided by `factor`.
    case linear(factor: Float)
    /// Llama 3.1's rule: wavelengths shorter than originalContext/highFreqFactor are kept, longer than
    /// originalContext/lowFreqFactor are divided by `factor`, and those between are blended smoothly.
    case llama3(factor: Float, lowFreqFactor: Float, highFreqFactor: Float, originalContextLength: Int)
    /// One divisor per rotated pair (head_dim/2 of them), as in GGUF's `rope_freqs.weight`.
    case frequencyDivisors([Float])

    /// The inverse frequencies θ_i = base^(-2i/d) / scaling, for i in 0..<d/2.
    ///
    /// Computed in Float the way HF's rotary embedding does (fp32 `base ** (arange(0, d, 2) / d)`), so the
    /// angles below round like the reference's; the difference from a Double computation is ~1 ulp.
    public func inverseFrequencies(headDim d: Int, base: Float) -> [Float] {
        let half = d / 2
        var inv = (0..<half).map { i in 1 / powf(base, Float(2 * i) / Float(d)) }
        switch self {
        case .none:
            break
        case .linear(let factor):
            for i in 0..<half { inv[i] /= factor }
        case .frequencyDivisors(let divisors):
            precondition(divisors.count == half, "rope frequency divisors must hold head_dim/2 values")
            for i in 0..<half { inv[i] /= divisors[i] }
        case .llama3(let factor, let low, let high, let original):
            let lowWavelength = Float(original) / low, highWavelength = Float(original) / high
            for i in 0..<half {
                let wavelength = 2 * Float.pi / inv[i]
                if wavelength < highWavelength { continue }
                if wavelength > lowWavelength { inv[i] /= factor; continue }
                // Between the two bands: interpolate between the scaled and the unscaled frequency.
                let smooth = (Float(original) / wavelength - low) / (high - low)
                inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i]
            }
        }
        return inv
    }

    /// Why these values cannot scale RoPE for heads of `headDim`, or nil when they can.
    func problem(headDim: Int) -> String? {
        switch self {
        case .none:
            return nil
        case .linear(let factor):
            return factor > 0 ? nil : "the linear scaling factor \(factor) must be > 0"
        case .llama3(let factor, let low, let high, let original):
            return factor > 0 && high > low && low > 0 && original > 0 ? nil
                : "llama3 scaling needs factor > 0, 0 < low_freq_factor < high_freq_factor and "
                    + "original_max_position_embeddings > 0; got \(factor), \(low), \(high), \(original)"
        case .frequencyDivisors(let divisors):
            return divisors.count == headDim / 2 && divisors.allSatisfy({ $0 > 0 }) ? nil
                : "rope_freqs holds \(divisors.count) divisors, expected \(headDim / 2) positive ones"
        }
    }
}
