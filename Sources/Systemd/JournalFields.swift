import Logging

/// Turns a log record into journal fields: `MESSAGE`, `PRIORITY`, code location, and one field per metadata key.
public enum JournalFields {
    /// The SYSLOG_IDENTIFIER every entry carries, so `journalctl -t activetune` finds them.
    public static let identifier = "activetune"

    /// The journal field for a metadata key: `ACTIVETUNE_` + the key upper-cased, other characters as `_`.
    ///
    /// `event` → `ACTIVETUNE_EVENT`, `task.id` → `ACTIVETUNE_TASK_ID`. The prefix keeps user keys from
    /// colliding with journald's own fields (MESSAGE, PRIORITY, _PID...); journald caps names at 64 bytes.
    public static func fieldName(forMetadataKey key: String) -> String {
        clipped("ACTIVETUNE_" + sanitized(key))
    }

    private static func sanitized(_ key: String) -> String {
        var name = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            default: name.unicodeScalars.append("_")
            }
        }
        return name
    }

    private static func clipped(_ name: String) -> String {
        String(name.utf8.prefix(64))!
    }

    /// The syslog priority (0 emerg … 7 debug) journald stores for a swift-log level.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// All fields of one entry, in a stable order (fixed fields first, then metadata sorted by key).
    /// `metadata` is the merged metadata (handler, provider, call); an attached error becomes ACTIVETUNE_ERROR.
    public static func fields(_ event: LogEvent, metadata: Logger.Metadata) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", event.message.description),
            ("PRIORITY", String(priority(event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", event.file),
            ("CODE_LINE", String(event.line)),
            ("CODE_FUNC", event.function),
        ]
        if let error = event.error {
            fields.append(("ACTIVETUNE_ERROR", String(describing: error)))
        }
        if let event = ActivetuneEvent(metadataValue: metadata["event"]) {
            fields.append(("MESSAGE_ID", event.messageID))
        }
        for key in metadata.keys.sorted() {
            flatten(metadata[key]!, name: fieldName(forMetadataKey: key), into: &fields)
        }
        return fields
    }

    /// Nested dictionaries become `PARENT_CHILD` fields; arrays become one comma-separated value.
    private static func flatten(_ value: Logger.MetadataValue, name: String,
                                into fields: inout [(name: String, value: String)]) {
        switch value {
        case .dictionary(let dictionary):
            for key in dictionary.keys.sorted() {
                flatten(dictionary[key]!, name: clipped(name + "_" + sanitized(key)), into: &fields)
            }
        case .array(let array):
            fields.append((name, array.map(\.description).joined(separator: ",")))
        case .string(let string):
            fields.append((name, string))
        case .stringConvertible(let convertible):
            fields.append((name, convertible.description))
        }
    }
}
