import Foundation
import Glibc
import Logging
import Spool

/// A spool in a fresh temporary directory, removed when the test ends.
final class TemporarySpool: Sendable {
    let spool: Spool
    var directory: String { spool.directory }

    init(maxFileSize: Int = 1 << 20) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        spool = Spool(directory: directory, maxFileSize: maxFileSize, logger: Self.quietLogger)
        try spool.prepare()
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    static let quietLogger = Logger(label: "spool-test") { _ in SwiftLogNoOpLogHandler() }

    /// Writes a file in the spool the way a simple producer would: open, write, close.
    func drop(_ name: String, _ text: String = "{}") throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// The names in a subdirectory ("" for the spool itself), sorted.
    func list(_ sub: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: sub.isEmpty ? directory : directory + "/" + sub).sorted()
    }

    /// The text of a file below the spool.
    func text(_ relative: String) throws -> String {
        try String(contentsOfFile: directory + "/" + relative, encoding: .utf8)
    }
}
