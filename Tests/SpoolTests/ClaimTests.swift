import Foundation
import Spool
import Testing

/// Claim by rename, finish to done/ or failed/, recover after a restart; nothing is ever deleted.
@Suite struct ClaimTests {
    @Test func claimMovesTheFileIntoProcessingExactlyOnce() throws {
        let temp = try TemporarySpool()
        try temp.drop("a.json", #"{"x":1}"#)
        guard case .claimed(let file) = try temp.spool.claim("a.json") else { Issue.record("not claimed"); return }
        #expect(file.name == "a.json" && file.path == temp.directory + "/processing/a.json")
        #expect(try temp.spool.read(file) == Array(#"{"x":1}"#.utf8))
        #expect(try temp.spool.claim("a.json") == .ignored)
        #expect(try temp.list() == ["done", "failed", "processing"])
    }

    @Test(arguments: [".hidden.json", "partial.json.tmp", "processing", "done", "failed", "", "nonexistent.json"])
    func namesThatAreNotInputAreIgnored(name: String) throws {
        let temp = try TemporarySpool()
        if !name.isEmpty && !Spool.reservedNames.contains(name) && name != "nonexistent.json" { try temp.drop(name) }
        #expect(try temp.spool.claim(name) == .ignored)
        #expect(try temp.list("processing").isEmpty)
    }

    @Test func finishDoneAndFailedNeverOverwrite() throws {
        let temp = try TemporarySpool()
        var finished: [String] = []
        for round in 0..<2 {
            for (name, outcome) in [("t.json", SpoolOutcome.done), ("bad.json", .failed(reason: "round \(round)"))] {
                try temp.drop(name, "\(name) \(round)")
                guard case .claimed(let file) = try temp.spool.claim(name) else { Issue.record("\(name)"); return }
                finished.append(try temp.spool.finish(file, outcome))
            }
        }
        #expect(try temp.list("done") == ["t.1.json", "t.json"])
        #expect(try temp.list("failed") == ["bad.1.json", "bad.1.json.reason", "bad.json", "bad.json.reason"])
        #expect(try temp.text("done/t.json") == "t.json 0")
        #expect(try temp.text("done/t.1.json") == "t.json 1")
        #expect(try temp.text("failed/bad.json.reason") == "round 0\n")
        #expect(try temp.text("failed/bad.1.json.reason") == "round 1\n")
        #expect(finished.contains(temp.directory + "/failed/bad.1.json"))
        #expect(try temp.list("processing").isEmpty)
    }

    @Test func aSecondFileWithTheNameOfAnUnfinishedClaimGetsASuffix() throws {
        let temp = try TemporarySpool()
        try temp.drop("x.json", "first")
        _ = try temp.spool.claim("x.json")
        try temp.drop("x.json", "second")
        guard case .claimed(let second) = try temp.spool.claim("x.json") else { Issue.record("not claimed"); return }
        #expect(second.name == "x.1.json")
        #expect(try temp.text("processing/x.json") == "first")
    }

    @Test func recoverListsWhatAnEarlierRunClaimedButNeverFinished() throws {
        let temp = try TemporarySpool()
        for name in ["b.json", "a.json", "c.json"] { try temp.drop(name) }
        _ = try temp.spool.claim("a.json")
        guard case .claimed(let b) = try temp.spool.claim("b.json") else { Issue.record("not claimed"); return }
        try temp.spool.finish(b, .done)
        // A restart: a new Spool value over the same directory.
        let restarted = Spool(directory: temp.directory, logger: TemporarySpool.quietLogger)
        #expect(try restarted.recoverClaimed().map(\.name) == ["a.json"])
        #expect(try restarted.scan() == ["c.json"])
    }

    @Test func submitWritesAtomicallyAndNeverReplacesAPendingFile() throws {
        let temp = try TemporarySpool()
        #expect(try temp.spool.submit(Array("one".utf8), name: "task.json") == "task.json")
        #expect(try temp.spool.submit(Array("two".utf8), name: "task.json") == "task.1.json")
        #expect(try temp.list() == ["done", "failed", "processing", "task.1.json", "task.json"])
        #expect(try temp.text("task.json") == "one")
        #expect(throws: SpoolError.self) { try temp.spool.submit([], name: ".hidden") }
    }

    @Test func readRefusesAFileThatGrewOverTheCapAfterTheClaim() throws {
        let temp = try TemporarySpool(maxFileSize: 10)
        try temp.drop("grow.json", "small")
        guard case .claimed(let file) = try temp.spool.claim("grow.json") else { Issue.record("not claimed"); return }
        try Data(String(repeating: "x", count: 100).utf8).write(to: URL(fileURLWithPath: file.path))
        let error = try #require(throws: SpoolError.self) { try temp.spool.read(file) }
        #expect(error.code == .tooLarge)
        #expect(error.description.contains("HINT:"))
    }

    @Test func aMissingProcessingDirectoryIsAnErrorNotASilentSkip() throws {
        let temp = try TemporarySpool()
        try temp.drop("a.json")
        try FileManager.default.removeItem(atPath: temp.directory + "/processing")
        let error = try #require(throws: SpoolError.self) { try temp.spool.claim("a.json") }
        #expect(error.code == .ioFailed)
        #expect(try temp.list().contains("a.json"))
    }
}
