import Glibc
import Logging

/// A swift-log handler for a terminal: one line per record, `time level message key=value...`.
public struct StderrLogHandler: LogHandler {
    /// Metadata added to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed per record (task-locals and the like).
    public var metadataProvider: Logger.MetadataProvider?
    /// The least severe level that is written.
    public var logLevel: Logger.Level

    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error, or to `write` (which receives whole lines ending in a newline).
    public init(label: String, logLevel: Logger.Level = .info,
                metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable (String) -> Void = StderrLogHandler.writeToStandardError) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// Gets or sets one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one record.
    public func log(event: LogEvent) {
        let merged = LogMetadata.merged(metadata, provider: metadataProvider, event: event.metadata)
        write(Self.line(event, label: label, metadata: merged, now: Self.now()))
    }

    /// The line for one record: `2026-01-02T03:04:05.678Z warning [label] message key=value error="..."`.
    static func line(_ event: LogEvent, label: String, metadata: Logger.Metadata, now: timespec) -> String {
        var line = timestamp(now) + " " + event.level.rawValue + " [" + label + "] " + event.message.description
        for key in metadata.keys.sorted() {
            line += " " + key + "=" + quoted(metadata[key]!.description)
        }
        if let error = event.error {
            line += " error=" + quoted(String(describing: error))
        }
        return line + "\n"
    }

    /// Writes a line to file descriptor 2 with one write(2) where possible, so concurrent lines do not interleave.
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    // Values with spaces, quotes or `=` are quoted so that a line splits back into its key=value pairs.
    private static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        if plain { return value }
        var escaped = "\""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    private static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }

    private static func timestamp(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2)
            + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2)
            + "." + pad(Int32(time.tv_nsec / 1_000_000), 3) + "Z"
    }
}
