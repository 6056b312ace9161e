import COneDNN
import Synchronization

/// A bf16 copy of a model's flat weight buffer, read by bf16 products; the float32 weights stay the master copy
/// (the optimizer updates those, then the copy follows).
///
/// The copy mirrors the whole buffer (norms and biases too, which are few), so a tensor sits at the same offset
/// in both. It is made lazily and remade when marked stale; concurrent readers wait for one conversion.
final class BF16Weights: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt16>
    let count: Int
    private let current = Mutex(false)

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
    }

    deinit { pointer.deallocate() }

    /// The weights changed: convert again before the next product.
    func markStale() { current.withLock { $0 = false } }

    /// Converts `source` unless the copy is already current.
    func refresh(from source: UnsafePointer<Float>) {
        current.withLock { current in
            guard !current else { return }
            let pointer = pointer
            Compute.parallelChunks(count, minChunk: 1 << 16) { range in
                at_f32_to_bf16(source + range.lowerBound, pointer + range.lowerBound, range.count)
            }
            current = true
        }
    }

    /// Converts `range` of `source` in place of the stale values (the optimizer, per tensor chunk it updated);
    /// the caller marks the whole copy current when every range is done.
    func update(_ range: Range<Int>, from source: UnsafePointer<Float>) {
        at_f32_to_bf16(source + range.lowerBound, pointer + range.lowerBound, range.count)
    }

    /// Marks the copy current after `update` covered every weight.
    func markCurrent() { current.withLock { $0 = true } }
}

/// A weight matrix as the products read it: its float32 values and, in bf16 precision, its bf16 copy.
struct WeightMatrix {
    let f32: UnsafePointer<Float>
    let bf16: UnsafePointer<UInt16>?
}

/// A model's weights addressed by offset into the flat buffer (`ParameterLayout`), in the model's precision.
struct MatrixWeights {
    let f32: UnsafePointer<Float>
    let bf16: UnsafePointer<UInt16>?

    subscript(offset: Int) -> WeightMatrix {
        WeightMatrix(f32: f32 + offset, bf16: bf16.map { $0 + offset })
    }
}
