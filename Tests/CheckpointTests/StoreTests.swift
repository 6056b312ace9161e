import Foundation
import Testing
@testable import Checkpoint
import Safetensors

/// Commit, load, activation, rollback, retention and listing on a real directory.
@Suite struct StoreTests {
    @Test func commitThenLoadGivesBackTheCheckpoint() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let original = try Fixture.checkpoint(round: 1)
        let result = try fixture.store.commit(original)
        let id = result.id
        #expect(id.sequence == 1)
        #expect(result.activated && result.previous == nil && result.pruned.isEmpty)
        #expect(result.bytes == Int((try FileManager.default.attributesOfItem(atPath: fixture.file(id)))[.size] as? UInt64 ?? 0))
        #expect(fixture.store.activeID == id)
        #expect(fixture.store.previousID == nil)
        let (activeID, loaded) = try fixture.store.loadActive()
        #expect(activeID == id)
        #expect(loaded == original)
        #expect(try fixture.temporaryFiles().isEmpty)
        // The store reports what it did and logs nothing of it: the caller logs the event, once.
        #expect(fixture.log.messages.isEmpty, "\(fixture.log.messages)")
    }

    @Test func activationMovesTheOldModelToPreviousAndRollbackTogglesBack() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.store.commit(Fixture.checkpoint(round: 1)).id
        let second = try fixture.store.commit(Fixture.checkpoint(round: 2)).id
        #expect(first < second)
        #expect(fixture.store.activeID == second && fixture.store.previousID == first)
        #expect(try fixture.store.rollback() == first)
        #expect(fixture.store.activeID == first && fixture.store.previousID == second)
        #expect(try fixture.store.loadActive().checkpoint.provenance.round == 1)
        let third = try fixture.store.commit(Fixture.checkpoint(round: 3), activate: false).id
        #expect(fixture.store.activeID == first)
        try fixture.store.activate(third)
        #expect(fixture.store.activeID == third && fixture.store.previousID == first)
        #expect(try fixture.store.rollback(to: second) == second)
        #expect(fixture.store.previousID == third)
    }

    @Test func rollbackWithoutPreviousSaysWhatToDo() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        try fixture.store.commit(Fixture.checkpoint(round: 1))
        let error = #expect(throws: CheckpointError.self) { try fixture.store.rollback() }
        #expect(error?.code == .noActiveModel)
        #expect(error?.description.contains("--to ID") == true)
        let missing = #expect(throws: CheckpointError.self) {
            try fixture.store.rollback(to: CheckpointID(sequence: 77, hash: 1))
        }
        #expect(missing?.code == .notFound)
    }

    @Test func retentionKeepsTheLastNPlusActiveAndPrevious() throws {
        let fixture = try Fixture(keepLast: 2)
        defer { fixture.cleanUp() }
        var ids: [CheckpointID] = []
        for round in 1...2 { ids.append(try fixture.store.commit(Fixture.checkpoint(round: round)).id) }
        var pruned: [CheckpointID] = []
        for round in 3...6 {
            let result = try fixture.store.commit(Fixture.checkpoint(round: round), activate: false)
            ids.append(result.id)
            pruned += result.pruned
        }
        // The newest two besides them (5, 6) plus active (2) and previous (1).
        #expect(try fixture.store.versions() == [ids[0], ids[1], ids[4], ids[5]])
        #expect(pruned == [ids[2], ids[3]], "each commit reports what retention removed")
        let seventh = try fixture.store.commit(Fixture.checkpoint(round: 7))
        // Active is now 7 and previous 2, so version 1 is no longer protected; 5 and 6 are still the newest two
        // besides them: `keepLast` counts versions besides active and previous, never including them.
        #expect(try fixture.store.versions().map(\.sequence) == [2, 5, 6, 7])
        #expect(seventh.pruned == [ids[0]])
        #expect(seventh.activated && seventh.previous == ids[1])
        // The store reports; the caller logs the event once (the daemon as `pruned`).
        #expect(!fixture.log.messages.contains { $0.contains("retention") })
    }

    @Test func listShowsProvenanceAndFlags() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.store.commit(Fixture.checkpoint(round: 1)).id
        let second = try fixture.store.commit(Fixture.checkpoint(round: 2)).id
        let list = try fixture.store.list()
        #expect(list.map(\.id) == ["\(first)", "\(second)"])
        #expect(list.map(\.active) == [false, true])
        #expect(list.map(\.previous) == [true, false])
        #expect(list[1].provenance?.round == 2)
        #expect(list[1].provenance?.evaluation == ["rougeL": 0.25])
        #expect(list.allSatisfy { $0.bytes > 0 && $0.problem == nil })
    }

    @Test func reservedMetadataKeysAreRefused() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        var checkpoint = try Fixture.checkpoint(round: 1)
        checkpoint.metadata["activetune.config"] = "x"
        let error = #expect(throws: CheckpointError.self) { try fixture.store.commit(checkpoint) }
        #expect(error?.code == .invalidArgument)
        #expect(fixture.store.activeID == nil)
    }

    @Test func bfloat16StorageHalvesTheTensorsAndWidensOnLoad() throws {
        let fixture = try Fixture(storage: .bfloat16)
        defer { fixture.cleanUp() }
        let original = try Fixture.checkpoint(round: 1, floats: 1 << 16)
        let id = try fixture.store.commit(original).id
        let loaded = try fixture.store.load(id)
        let tensor = try #require(loaded.tensor(named: "h.0.mlp.c_fc.weight"))
        #expect(tensor.dtype == .bf16)
        let widened = try tensor.floats()
        let exact = try #require(original.tensor(named: "h.0.mlp.c_fc.weight")).floats()
        let worst = zip(widened, exact).map { abs($0 - $1) / max(abs($1), 1e-12) }.max() ?? 0
        #expect(worst <= 1.0 / 256, "max relative error \(worst)")
    }

    @Test func nonFiniteScoresSurviveTheRoundTrip() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        var checkpoint = try Fixture.checkpoint(round: 1)
        checkpoint.provenance.evaluation = ["loss": .infinity]
        let id = try fixture.store.commit(checkpoint).id
        #expect(try fixture.store.load(id).provenance.evaluation["loss"] == .infinity)
    }
}
