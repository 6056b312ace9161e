import COpenBLAS
import Dispatch
import Foundation
import Synchronization

/// Process-wide compute settings: how many threads the BLAS and the engine's own parallel loops use.
public enum Compute {
    private static let threadCount = Atomic<Int>(0)
    private static let defaultPrecision = Atomic<UInt8>(0)

    /// OpenBLAS runs each call on one thread; the engine splits large products over its own threads,
    /// so a single pool (Dispatch) serves GEMMs and the other kernels, and no BLAS thread spins
    /// waiting for work while the engine's loops need the core.
    private static let blasSingleThreaded: Void = openblas_set_num_threads(1)

    /// Sets the thread count of the engine's parallel loops and GEMM splits (at least 1).
    public static func setThreads(_ count: Int) {
        threadCount.store(max(1, count), ordering: .relaxed)
    }

    /// The thread count in use; until `setThreads` is called, the number of active cores.
    public static var threads: Int {
        _ = blasSingleThreaded
        let n = threadCount.load(ordering: .relaxed)
        return n > 0 ? n : cores
    }

    /// Sets the precision new models start with (`Transformer.precision`); commands set it once from
    /// `--precision` or the configuration. Throws if this CPU cannot run it.
    public static func setPrecision(_ precision: Precision) throws {
        try precision.check()
        defaultPrecision.store(precision == .bf16 ? 1 : 0, ordering: .relaxed)
    }

    /// The precision new models start with: fp32 (exact) until `setPrecision` says otherwise.
    public static var precision: Precision { defaultPrecision.load(ordering: .relaxed) == 1 ? .bf16 : .fp32 }

    /// Read once: Foundation finds the count through /proc and cgroup files, too slow per kernel call.
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The CPU kernel OpenBLAS picked (e.g. "Zen", "Haswell"), which decides GEMM speed.
    public static var blasCoreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Runs `body(i)` for every i in 0..<count, split over the configured threads.
    ///
    /// Each index is computed by exactly one thread, so results do not depend on the thread count.
    /// Below `work` ≈ 1M operations in total the loop stays on the calling thread: waking a worker
    /// costs more than it saves (batch-1 decoding), and far more on a loaded machine.
    static func parallelFor(_ count: Int, work: Int = .max, _ body: (Int) -> Void) {
        if threads <= 1 || count <= 1 || work < 1_000_000 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in box.value(i) }
        }
    }

    /// Runs `body(range)` over `count` items cut into contiguous chunks, one chunk per task.
    static func parallelChunks(_ count: Int, minChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let tasks = max(1, min(threads * 4, count / max(1, minChunk)))
        let size = (count + tasks - 1) / tasks
        parallelFor(tasks) { t in
            let lo = t * size, hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// Carries a non-Sendable value into `concurrentPerform`, whose iterations only touch disjoint memory.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
