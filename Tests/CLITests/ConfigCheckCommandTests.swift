import Foundation
import Testing

/// `activetune config check`: every effective value when valid, every problem (by key) and 78 when not.
@Suite struct ConfigCheckCommandTests {
    let dir = try! TaskFileLocations.temporaryDirectory(with: [
        "good.toml": "[budget]\npool_size = 3\n[selection]\nstrategy = \"random\"\n",
        "bad.toml": "[budget]\npool_size = 0\nper_round = \"four\"\n[trainig]\nepochs = 2\n",
        "syntax.toml": "[budget\n",
    ])

    @Test func aValidFilePrintsOkAndEveryValue() throws {
        let result = try ActiveTuneBinary.run(["config", "check", dir.appendingPathComponent("good.toml").path])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("ok: "))
        #expect(result.stdout.contains("budget.pool_size = 3\n"))
        #expect(result.stdout.contains("selection.strategy = \"random\"\n"))
        #expect(result.stdout.contains("training.epochs = 2\n"))
    }

    @Test func anInvalidFileListsEveryProblemAndExits78() throws {
        let result = try ActiveTuneBinary.run(["config", "check", dir.appendingPathComponent("bad.toml").path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("bad.toml:2: `budget.pool_size` must be in 1...100000, found 0"))
        #expect(result.stderr.contains("`budget.per_round` must be an integer"))
        #expect(result.stderr.contains("`trainig.epochs` is not a configuration key"))
        let syntax = try ActiveTuneBinary.run(["config", "check", dir.appendingPathComponent("syntax.toml").path])
        #expect(syntax.status == 78)
        let missing = try ActiveTuneBinary.run(["config", "check", dir.appendingPathComponent("missing.toml").path])
        #expect(missing.status == 78)
    }

    @Test func environmentOverridesAreChecked() throws {
        let result = try ActiveTuneBinary.run(["config", "check", dir.appendingPathComponent("good.toml").path],
                                              environment: ["ACTIVETUNE_BUDGET_POOL_SIZE": "12"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("budget.pool_size = 12\n"))
    }
}
