@testable import Daemon
import Foundation
import Logging
import Spool
import State
import Testing

/// The intake on a real spool and database: duplicates, partial JSONL duplicates, and replay after a crash.
@Suite struct TaskIntakeTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
    let store: StateStore
    let intake: TaskIntake

    init() throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("spool"), withIntermediateDirectories: true)
        store = try StateDirectory(root.appendingPathComponent("state").path, access: .readWrite).openDatabase()
        intake = TaskIntake(spoolDirectory: root.appendingPathComponent("spool").path, store: store,
                            configuration: LiveConfiguration(DaemonConfiguration()), logger: Logger(label: "test"))
        try intake.spool.prepare()
    }

    func drop(_ text: String, as name: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent("spool/\(name)"))
    }

    func names(_ sub: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("spool/\(sub)").path).sorted()
    }

    static func line(_ id: String, _ instruction: String) -> String {
        #"{"id": "\#(id)", "name": "n", "instruction": "\#(instruction)", "instances": [{"input": "", "output": "o"}], "is_classification": false}"#
    }

    @Test func aJSONLFileWithSomeDuplicatesIsDoneAndAddsOnlyTheNewTasks() throws {
        try drop(Self.line("a", "Write A.") + "\n", as: "first.jsonl")
        #expect(intake.handle(name: "first.jsonl"))
        // Line 1 repeats the accepted task, line 3 repeats line 2 of the same file.
        try drop([Self.line("a2", "Write A."), Self.line("b", "Write B."), Self.line("b2", "Write B.")].joined(separator: "\n"),
                 as: "second.jsonl")
        #expect(intake.handle(name: "second.jsonl"))
        #expect(try names("done") == ["first.jsonl", "second.jsonl"])
        #expect(try store.counts().tasks == 2)
        #expect(try store.rejectionCounts().isEmpty)
    }

    @Test func aFileOfOnlyDuplicatesFailsWithAReason() throws {
        try drop(Self.line("a", "Write A.") + "\n", as: "first.jsonl")
        try drop(Self.line("z", "Write A.") + "\n", as: "again.jsonl")
        intake.handle(name: "first.jsonl")
        intake.handle(name: "again.jsonl")
        #expect(try names("failed") == ["again.jsonl", "again.jsonl.reason"])
        let reason = try String(contentsOf: root.appendingPathComponent("spool/failed/again.jsonl.reason"), encoding: .utf8)
        #expect(reason.contains("task z duplicates a from first.jsonl"))
        #expect(try store.rejectionCounts() == ["duplicate": 1])
    }

    @Test func aDecisionMadeBeforeACrashIsReplayedNotRejudged() throws {
        try drop(Self.line("a", "Write A.") + "\n", as: "task.jsonl")
        guard case .claimed(let file) = try intake.spool.claim("task.jsonl") else {
            Issue.record("not claimed")
            return
        }
        // The crash: the decision is committed, the file is still in processing/.
        let identity = try #require(FileIdentity.of(path: file.path))
        _ = try intake.decide(file, identity: identity, spool: intake.spool)
        #expect(try store.counts().tasks == 1)
        #expect(try intake.recover() == 1)
        #expect(try names("done") == ["task.jsonl"])
        #expect(try names("processing").isEmpty)
        #expect(try store.counts().tasks == 1)
        #expect(try store.rejectionCounts().isEmpty, "its own tasks must not count as duplicates")
        #expect(try store.openClaims().isEmpty)
    }

    @Test func aNewFileWithTheSameNameAsAnOpenClaimIsJudgedAfresh() throws {
        try drop(Self.line("a", "Write A.") + "\n", as: "task.jsonl")
        guard case .claimed(let file) = try intake.spool.claim("task.jsonl") else {
            Issue.record("not claimed")
            return
        }
        let identity = try #require(FileIdentity.of(path: file.path))
        _ = try intake.decide(file, identity: identity, spool: intake.spool)
        // Someone replaced the file: another inode, so the stored decision is not about it.
        try FileManager.default.removeItem(atPath: file.path)
        try Data((Self.line("b", "Write B.") + "\n").utf8).write(to: URL(fileURLWithPath: file.path))
        #expect(try intake.recover() == 1)
        #expect(try store.counts().tasks == 2)
        #expect(try names("done") == ["task.jsonl"])
    }
}
