import Glibc
import Logging

/// Chooses where logs go: the journal when systemd started us, a readable stderr otherwise.
public enum LogBootstrap {
    /// Where log records are written.
    public enum Destination: Sendable, Equatable {
        /// Structured entries through `sd_journal_sendv`.
        case journal
        /// One line per record on standard error.
        case stderr
    }

    /// The destination for this process: journal when stderr is the journal stream systemd gave us
    /// (JOURNAL_STREAM names stderr's device:inode) or when INVOCATION_ID shows a systemd unit; else stderr.
    public static func destination(environment: [String: String]) -> Destination {
        if let stream = environment["JOURNAL_STREAM"], stderrMatches(journalStream: stream) { return .journal }
        if let invocation = environment["INVOCATION_ID"], !invocation.isEmpty { return .journal }
        return .stderr
    }

    /// A handler factory for `destination`, for `LoggingSystem.bootstrap`.
    public static func factory(_ destination: Destination, logLevel: Logger.Level)
        -> @Sendable (String, Logger.MetadataProvider?) -> any LogHandler {
        switch destination {
        case .journal:
            return { JournalLogHandler(label: $0, logLevel: logLevel, metadataProvider: $1) }
        case .stderr:
            return { StderrLogHandler(label: $0, logLevel: logLevel, metadataProvider: $1) }
        }
    }

    /// Bootstraps swift-log once per process for the detected destination; returns the choice made.
    @discardableResult
    public static func bootstrap(logLevel: Logger.Level = .info,
                                 environment: [String: String] = processEnvironment()) -> Destination {
        let destination = destination(environment: environment)
        LoggingSystem.bootstrap(factory(destination, logLevel: logLevel), metadataProvider: nil)
        return destination
    }

    /// The environment of this process.
    public static func processEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let assignment = String(cString: pointer)
            if let equals = assignment.firstIndex(of: "=") {
                environment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            entry += 1
        }
        return environment
    }

    /// True when `journalStream` ("DEVICE:INODE", decimal) is the file that fd 2 refers to.
    static func stderrMatches(journalStream: String) -> Bool {
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
