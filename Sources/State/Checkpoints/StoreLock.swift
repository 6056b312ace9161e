#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Checkpoint

/// An exclusive flock(2) on the store's `.lock` file, so commit, rotation, rollback and recovery
/// serialise across processes (the daemon and an operator's `activetune rollback`).
enum StoreLock {
    /// Runs `body` while holding the lock; waits for another holder to finish.
    static func withLock<T>(_ directory: Directory, _ body: () throws(CheckpointError) -> T) throws(CheckpointError) -> T {
        let path = directory.child(".lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CheckpointError.system("open the lock file", path) }
        // Closing the descriptor releases the lock, also when the process dies.
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { throw CheckpointError.system("lock", path) }
        }
        return try body()
    }
}
