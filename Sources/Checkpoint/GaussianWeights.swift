#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Safetensors

/// Realistic benchmark content: normal(0, σ) float32 tensors shaped like GPT-2's MLP weights.
package enum GaussianWeights {
    /// Tensors of 768×3072 floats (the last one shorter) totalling about `bytes` bytes.
    package static func tensors(bytes: Int, standardDeviation: Float, seed: UInt64 = 0x5EED) throws(CheckpointError)
        -> [TensorEntry] {
        var state = seed | 1
        var tensors: [TensorEntry] = []
        var remaining = bytes / 4
        while remaining > 0 {
            let count = min(768 * 3072, remaining)
            let floats = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                // Box-Muller on a xorshift generator: fast and plenty random for compression tests.
                var index = 0
                while index < count {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    let first = Float(state >> 40 | 1) * 0x1p-24
                    let second = Float(state & 0xFF_FFFF) * 0x1p-24
                    let radius = (-2 * logf(first)).squareRoot() * standardDeviation
                    buffer[index] = radius * cosf(2 * .pi * second)
                    if index + 1 < count { buffer[index + 1] = radius * sinf(2 * .pi * second) }
                    index += 2
                }
                initialized = count
            }
            do {
                tensors.append(try TensorEntry(name: "h.\(tensors.count).mlp.c_fc.weight", floats: floats))
            } catch {
                throw CheckpointError(.invalidArgument, error.message, hint: error.hint)
            }
            remaining -= count
        }
        return tensors
    }
}
