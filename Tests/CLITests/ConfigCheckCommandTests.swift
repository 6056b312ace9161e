import Foundation
import Testing

/// `activetune config check`: every effective value when valid, every problem (by key) and 78 when not.
@Suite struct ConfigCheckCommandTests {
    let dir = try! TaskFileLocations.temporaryDirectory(with: [
        "good.toml": "[budget]\npool_size = 3\n[selection]\nstrategy = \"random\"\n",
        "bad.toml": "[budget]\npool_size = 0\nper_round = \"four\"\n[trainig]\nepochs = 2\n",
        "syntax.toml": "[budget\n",
        "empty.toml": "",
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

    /// The file `make install` ships lists every key with its default: valid as shipped (all commented out), and
    /// with every key uncommented it must set exactly the defaults the daemon would use anyway.
    @Test func theShippedConfigurationIsValidAndStatesTheDefaults() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("systemd/activetune.toml")
        let asShipped = try ActiveTuneBinary.run(["config", "check", shipped.path])
        #expect(asShipped.status == 0, "\(asShipped.stderr)")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        // A commented key line is `# name = value` with a bare lower-case name; other comments are prose.
        func isKeyLine(_ line: Substring) -> Bool {
            guard line.hasPrefix("# "), let equals = line.range(of: " = ") else { return false }
            return line[line.index(line.startIndex, offsetBy: 2)..<equals.lowerBound].allSatisfy { $0.isLowercase || $0 == "_" }
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter(isKeyLine).count >= 30, "every key is listed")
        let uncommented = lines.map { isKeyLine($0) ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
        let file = dir.appendingPathComponent("uncommented.toml")
        try uncommented.write(to: file, atomically: true, encoding: .utf8)
        let explicit = try ActiveTuneBinary.run(["config", "check", file.path])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let defaults = try ActiveTuneBinary.run(["config", "check", dir.appendingPathComponent("empty.toml").path])
        #expect(explicit.stdout.split(separator: "\n").dropFirst() == defaults.stdout.split(separator: "\n").dropFirst(),
                "the shipped values differ from the built-in defaults")
    }
}
