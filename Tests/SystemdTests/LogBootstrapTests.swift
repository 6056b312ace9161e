import Glibc
import Systemd
import Testing

/// Journal under systemd, stderr in a terminal.
@Suite struct LogBootstrapTests {
    @Test func journalStreamMatchingStderrMeansJournal() {
        var status = stat()
        #expect(fstat(2, &status) == 0)
        let stream = "\(status.st_dev):\(status.st_ino)"
        #expect(LogBootstrap.destination(environment: ["JOURNAL_STREAM": stream]) == .journal)
    }

    @Test func inheritedJournalStreamOfAnotherFileMeansStderr() {
        // A shell started from a unit inherits JOURNAL_STREAM while its stderr is a terminal.
        #expect(LogBootstrap.destination(environment: ["JOURNAL_STREAM": "1:1"]) == .stderr)
        #expect(LogBootstrap.destination(environment: ["JOURNAL_STREAM": "garbage"]) == .stderr)
    }

    @Test func invocationIDMeansJournal() {
        #expect(LogBootstrap.destination(environment: ["INVOCATION_ID": "0123456789abcdef0123456789abcdef"]) == .journal)
    }

    @Test func plainEnvironmentMeansStderr() {
        #expect(LogBootstrap.destination(environment: ["PATH": "/usr/bin"]) == .stderr)
    }
}
