import Logging
import Systemd
import Testing

/// Log records become journal fields users can filter on.
@Suite struct JournalFieldsTests {
    @Test(arguments: [("event", "ACTIVETUNE_EVENT"), ("task", "ACTIVETUNE_TASK"), ("task.id", "ACTIVETUNE_TASK_ID"),
                      ("score-uncertainty", "ACTIVETUNE_SCORE_UNCERTAINTY"), ("loss", "ACTIVETUNE_LOSS"),
                      ("modèle", "ACTIVETUNE_MOD_LE")])
    func metadataKeysMapToFieldNames(key: String, field: String) {
        #expect(JournalFields.fieldName(forMetadataKey: key) == field)
    }

    @Test func longKeysAreClippedToJournaldsLimit() {
        let name = JournalFields.fieldName(forMetadataKey: String(repeating: "k", count: 100))
        #expect(name.utf8.count == 64)
    }

    @Test(arguments: [(Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4),
                      (.error, 3), (.critical, 2)])
    func levelsMapToSyslogPriorities(level: Logger.Level, priority: Int) {
        #expect(JournalFields.priority(level) == priority)
    }

    @Test func anEntryHasFixedFieldsMessageIDAndFlattenedMetadata() {
        let event = LogEvent(level: .warning, message: "task rejected", metadata: nil, source: "Spool",
                             file: "Spool/Spool.swift", function: "claim(_:)", line: 42)
        let fields = JournalFields.fields(event, metadata: [
            "event": "rejected", "round": "3", "score": ["uncertainty": "0.25", "ppl": "12.5"], "tasks": ["a", "b"],
        ])
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["MESSAGE"] == "task rejected")
        #expect(byName["PRIORITY"] == "4")
        #expect(byName["SYSLOG_IDENTIFIER"] == "activetune")
        #expect(byName["CODE_FILE"] == "Spool/Spool.swift")
        #expect(byName["CODE_LINE"] == "42")
        #expect(byName["CODE_FUNC"] == "claim(_:)")
        #expect(byName["MESSAGE_ID"] == ActivetuneEvent.rejected.messageID)
        #expect(byName["ACTIVETUNE_EVENT"] == "rejected")
        #expect(byName["ACTIVETUNE_ROUND"] == "3")
        #expect(byName["ACTIVETUNE_SCORE_UNCERTAINTY"] == "0.25")
        #expect(byName["ACTIVETUNE_SCORE_PPL"] == "12.5")
        #expect(byName["ACTIVETUNE_TASKS"] == "a,b")
    }

    @Test func unknownEventsGetNoMessageID() {
        let event = LogEvent(level: .info, message: "m", metadata: nil, source: "S", file: "f", function: "g", line: 1)
        let fields = JournalFields.fields(event, metadata: ["event": "made_up"])
        #expect(!fields.contains { $0.name == "MESSAGE_ID" })
    }
}
