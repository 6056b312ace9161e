import Checkpoint
import Foundation
import Glibc

/// The active model's checkpoint id: the target of the `checkpoints/active` symlink in the state directory.
///
/// Read with readlink rather than through `CheckpointStore`, whose initialiser creates the directory: operator
/// commands read the state of a daemon running as another user and must not write to it.
public enum ActiveModel {
    /// The link the checkpoint store switches by rename.
    public static func linkPath(stateDirectory: URL) -> String {
        stateDirectory.appendingPathComponent("checkpoints/active").path
    }

    /// The id (`000042-1a2b3c4d`, as scores record it), or nil before round 0.
    public static func id(stateDirectory: URL) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(linkPath(stateDirectory: stateDirectory), &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let last = target.split(separator: "/").last.map(String.init) ?? target
        let suffix = ".ckpt.lz4"
        guard last.hasSuffix(suffix), let id = CheckpointID(last.dropLast(suffix.count)) else { return nil }
        return id.description
    }
}
