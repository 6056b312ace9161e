import Testing

/// `activetune --help` is the map of the tool: every subcommand is listed with its one-line abstract.
@Suite struct HelpTests {
    @Test func helpListsSubcommandsWithAbstracts() throws {
        let result = try ActiveTuneBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: activetune"))
        #expect(result.stdout.contains("instruction tuning"))
    }

    @Test func versionIsPrinted() throws {
        let result = try ActiveTuneBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: ".").count == 3)
    }
}
