import Foundation
import Testing

/// `activetune --help` is the map of the tool: every subcommand is listed with its one-line abstract.
@Suite struct HelpTests {
    static let subcommands = ["daemon", "submit", "status", "scores", "taskmap", "checkpoints", "rollback", "reload", "validate",
                              "prompt", "score", "eval", "experiment", "init", "import", "export", "tokenizer",
                              "config", "bench"]

    @Test func helpListsEverySubcommandWithAnAbstract() throws {
        let result = try ActiveTuneBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: activetune"))
        let section = try #require(result.stdout.components(separatedBy: "SUBCOMMANDS:").last)
        let lines = section.split(separator: "\n")
        for name in Self.subcommands {
            // A subcommand line is two spaces, the name, padding, then its abstract on the same line.
            let line = lines.first { $0.hasPrefix("  \(name) ") }
            #expect(line != nil, "\(name) is not listed")
            #expect((line?.dropFirst(2 + name.count).trimmingCharacters(in: .whitespaces).count ?? 0) > 10,
                    "\(name) has no abstract")
        }
    }

    @Test func versionIsPrinted() throws {
        let result = try ActiveTuneBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: ".").count == 3)
    }
}
