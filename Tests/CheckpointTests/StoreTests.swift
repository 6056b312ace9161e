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
        let id = try fixture.store.commit(original)
        #expect(id.sequence == 1)
        #expect(fixture.store.activeID == id)
        #expect(fixture.store.previousID == nil)
        let (activeID, loaded) = try fixture.store.loadActive()
        #expect(activeID == id)
        #expect(loaded == original)
        #expect(try fixture.temporaryFiles().isEmpty)
        #expect(fixture.log.messages.contains("checkpoint committed"))
        #expect(fixture.log.metadata(for: "checkpoint committed")?["checkpoint.id"] == "\(id)")
    }

    @Test func activationMovesTheOldModelToPreviousAndRollbackTogglesBack() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.store.commit(Fixture.checkpoint(round: 1))
        let second = try fixture.store.commit(Fixture.checkpoint(round: 2))
        #expect(first < second)
        #expect(fixture.store.activeID == second && fixture.store.previousID == first)
        #expect(try fixture.store.rollback() == first)
        #expect(fixture.store.activeID == first && fixture.store.previousID == second)
        #expect(try fixture.store.loadActive().checkpoint.provenance.round == 1)
        let third = try fixture.store.commit(Fixture.checkpoint(round: 3), activate: false)
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
        for round in 1...2 { ids.append(try fixture.store.commit(Fixture.checkpoint(round: round))) }
        for round in 3...6 { ids.append(try fixture.store.commit(Fixture.checkpoint(round: round), activate: false)) }
        // The newest two (5, 6) plus active (2) and previous (1).
        #expect(try fixture.store.versions() == [ids[0], ids[1], ids[4], ids[5]])
        try fixture.store.commit(Fixture.checkpoint(round: 7))
        // Active is now 7, previous 2: version 1 is no longer protected, 5 falls out of the newest two.
        #expect(try fixture.store.versions().map(\.sequence) == [2, 6, 7])
        #expect(fixture.log.messages.contains("checkpoint removed by retention"))
    }

    @Test func listShowsProvenanceAndFlags() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.store.commit(Fixture.checkpoint(round: 1))
        let second = try fixture.store.commit(Fixture.checkpoint(round: 2))
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
        let id = try fixture.store.commit(original)
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
        let id = try fixture.store.commit(checkpoint)
        #expect(try fixture.store.load(id).provenance.evaluation["loss"] == .infinity)
    }
}
