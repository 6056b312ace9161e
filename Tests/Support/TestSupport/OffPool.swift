import Dispatch

/// Runs blocking test work (a model load, a forward pass, a Python reference) on a Dispatch thread and awaits it.
///
/// Swift Testing runs tests on the cooperative thread pool, which has one thread per core: on a 2-core machine two
/// tests that block their thread for a minute (SmolLM2 through transformers, say) leave no thread to resume any
/// other test's `await`, and tests that time their waits fail. Work run here blocks a Dispatch thread instead.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
