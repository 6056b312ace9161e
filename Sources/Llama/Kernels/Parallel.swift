import COpenBLAS
import Dispatch
import Foundation

/// How the kernels use the cores: one Dispatch pool for everything, each BLAS call single-threaded.
///
/// OpenBLAS's own threads busy-wait after each call, which on a 2-core machine starves the softmax and
/// SwiGLU loops running between GEMMs, and its threaded GEMMs may not be called from several threads at
/// once. So OpenBLAS is set to one thread (process-wide, as activetune's engine already does) and the
/// kernels split work themselves: GEMMs by output columns, attention by (head, query block).
enum Parallel {
    /// Worker count: the active cores, read once (Foundation reads /proc and cgroup files each time).
    static let threads: Int = {
        openblas_set_num_threads(1)
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Runs `body(i)` for i in 0..<count on up to `threads` workers; inline when the work is too small to split.
    ///
    /// Each index runs on exactly one worker, so results do not depend on the thread count.
    static func forEach(_ count: Int, flops: Int, _ body: (Int) -> Void) {
        // Waking a worker costs ~10 µs; below ~1 MFLOP of work it is cheaper to stay on this thread.
        if threads == 1 || count <= 1 || flops < 1_000_000 {
            for i in 0..<count { body(i) }
            return
        }
        // concurrentPerform wants a Sendable closure; the kernels' bodies capture raw pointers into buffers
        // that each iteration touches disjointly and that outlive the call, which is what makes this sound.
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }

    /// Runs `body(range)` over 0..<count cut into one contiguous chunk per worker.
    static func chunks(_ count: Int, flops: Int, _ body: (Range<Int>) -> Void) {
        let n = max(1, min(threads, count)), size = (count + n - 1) / n
        forEach(n, flops: flops) { c in
            let lo = c * size, hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// Carries a non-Sendable value into `concurrentPerform` (see `Parallel.forEach` for why that is sound).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
