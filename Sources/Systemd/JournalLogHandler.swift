import CSystemd
import Glibc
import Logging

/// A swift-log handler writing structured entries to journald with `sd_journal_sendv`.
///
/// Each metadata key becomes its own field (see `JournalFields`), so operators filter with
/// `journalctl ACTIVETUNE_EVENT=rotated`. If journald cannot be reached the record goes to stderr instead,
/// so nothing is lost silently.
public struct JournalLogHandler: LogHandler {
    /// Metadata added to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed per record (task-locals and the like).
    public var metadataProvider: Logger.MetadataProvider?
    /// The least severe level that is sent.
    public var logLevel: Logger.Level

    private let label: String
    private let fallback: StderrLogHandler

    /// A handler for the logger `label`, sending records at `logLevel` or above.
    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.fallback = StderrLogHandler(label: label, logLevel: logLevel)
    }

    /// Gets or sets one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends one record to the journal (or to stderr when journald is unreachable).
    public func log(event: LogEvent) {
        let merged = LogMetadata.merged(metadata, provider: metadataProvider, event: event.metadata)
        do {
            try Self.send(JournalFields.fields(event, metadata: merged) + [("ACTIVETUNE_LOGGER", label)])
        } catch {
            var fallback = self.fallback
            fallback.metadata = merged
            fallback.metadata["journal.error"] = .string(error.description)
            fallback.log(event: LogEvent(level: event.level, message: event.message, error: event.error,
                                         metadata: nil, source: event.source, file: event.file,
                                         function: event.function, line: event.line))
        }
    }

    /// Sends `NAME=value` fields as one journal entry; values may hold newlines or any bytes.
    public static func send(_ fields: [(name: String, value: String)]) throws(SystemdError) {
        // One buffer holding every "NAME=value", with iovecs pointing into it, keeps the pointers valid.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            ranges.append(start..<buffer.count)
        }
        let result = buffer.withUnsafeMutableBytes { bytes -> Int32 in
            let vectors = ranges.map { iovec(iov_base: bytes.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(vectors, Int32(vectors.count))
        }
        if result < 0 {
            throw SystemdError.failed(.journalSendFailed, result: result, detail: "sending \(fields.count) fields")
        }
    }
}
