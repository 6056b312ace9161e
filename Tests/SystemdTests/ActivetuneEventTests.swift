import Logging
import Systemd
import Testing

/// The event catalogue: stable, distinct ids and levels that mean something.
@Suite struct ActivetuneEventTests {
    @Test func messageIDsAre128BitHexAndDistinct() {
        let ids = ActivetuneEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(id)")
        }
    }

    @Test func idsNeverChange() {
        // Operators save `journalctl MESSAGE_ID=...` filters; changing an id silently breaks them.
        #expect(ActivetuneEvent.rotated.messageID == "96eef18a17a24c45a06cce157244ecbe")
        #expect(ActivetuneEvent.rejected.messageID == "f381bc11bf9842e8bd7188b2f7f00196")
    }

    @Test(arguments: [
        (ActivetuneEvent.rejected, Logger.Level.warning), (.recovered, .warning), (.rolledBack, .warning),
        (.error, .error), (.rotated, .notice), (.roundStarted, .notice), (.started, .notice),
        (.accepted, .info), (.trainingProgress, .info), (.claimed, .debug),
    ])
    func defaultLevels(event: ActivetuneEvent, level: Logger.Level) {
        #expect(event.level == level)
    }

    @Test func rawValuesAreTheJournalValues() {
        #expect(ActivetuneEvent.roundStarted.rawValue == "round_started")
        #expect(ActivetuneEvent(metadataValue: "rolled_back") == .rolledBack)
        #expect(ActivetuneEvent(metadataValue: "no_such_event") == nil)
    }
}
