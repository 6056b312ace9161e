import Foundation
import Glibc

/// The active model's checkpoint id: the target of the `checkpoints/active` symlink in the state directory.
public enum ActiveModel {
    /// The link the checkpoint store switches by rename.
    public static func linkPath(stateDirectory: URL) -> String {
        stateDirectory.appendingPathComponent("checkpoints/active").path
    }

    /// The id (the link target's last path component, without a `.lz4` suffix), or nil before round 0.
    public static func id(stateDirectory: URL) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(linkPath(stateDirectory: stateDirectory), &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let last = target.split(separator: "/").last.map(String.init) ?? target
        return last.hasSuffix(".lz4") ? String(last.dropLast(4)) : last
    }
}
