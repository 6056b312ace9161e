import Foundation
import Synchronization

/// Scratch directories that a whole test process shares (a model imported once for several tests) and that must
/// not outlive it: a SmolLM2 state or export is half a gigabyte, and every `make test` would leave gigabytes in /tmp.
public enum ScratchSpace {
    private static let paths = Mutex<[String]>([])
    private static let registered: Void = { atexit { ScratchSpace.removeAll() } }()

    /// Removes `url` (recursively) when the test process exits normally.
    public static func removeAtExit(_ url: URL) {
        _ = registered
        paths.withLock { $0.append(url.path) }
    }

    private static func removeAll() {
        for path in paths.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
