import Foundation
import InferenceServer
import Testing
@testable import Daemon

/// Configuration: defaults, file values, environment overrides, and errors that name the key and the range.
@Suite struct DaemonConfigurationTests {
    @Test func emptyFileGivesDefaults() throws {
        let config = try DaemonConfiguration(toml: "", file: "t.toml")
        #expect(config == DaemonConfiguration())
        #expect(config.strategy == .promptUncertainty)
        #expect(config.scoringInstances == 10 && config.scoringPerturbations == 10 && config.scoringDropRate == 0.2)
    }

    @Test func fileAndEnvironmentOverride() throws {
        let config = try DaemonConfiguration(
            toml: "[budget]\npool_size = 12\n[selection]\nstrategy = \"random\"\n",
            file: "t.toml", environment: ["ACTIVETUNE_BUDGET_POOL_SIZE": "30", "ACTIVETUNE_TRAINING_MODE": "continue"])
        #expect(config.poolSize == 30)
        #expect(config.strategy == .random)
        #expect(config.trainingMode == .continue)
    }

    @Test func everyProblemIsReportedWithKeyLineAndRange() {
        let text = """
            [budget]
            pool_size = 0
            [selection]
            strategy = "best"
            stratify = "yes"
            [trainig]
            epochs = 3
            """
        #expect {
            _ = try DaemonConfiguration(toml: text, file: "bad.toml")
        } throws: { error in
            guard let e = error as? ConfigurationError else { return false }
            let text = e.description
            return e.problems.count == 4
                && text.contains("bad.toml:2: `budget.pool_size` must be in 1...100000, found 0")
                && text.contains("`selection.strategy` must be one of prompt-uncertainty")
                && text.contains("bad.toml:5: `selection.stratify` must be true or false, found a string")
                && text.contains("bad.toml:7: `trainig.epochs` is not a configuration key")
                && text.contains("HINT")
        }
    }

    @Test func environmentErrorsNameTheVariable() {
        #expect {
            _ = try DaemonConfiguration(toml: "", file: "t.toml", environment: ["ACTIVETUNE_SCORING_DROP_RATE": "2"])
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("environment ACTIVETUNE_SCORING_DROP_RATE") == true
        }
    }

    @Test func scoringOnAServerNeedsItsURLAndModelAndReadsTheKeyFromAFile() throws {
        #expect {
            _ = try DaemonConfiguration(toml: "[scoring]\nbackend = \"openai\"\n", file: "s.toml")
        } throws: { error in
            guard let e = error as? ConfigurationError else { return false }
            return e.problems.map(\.key).sorted() == ["scoring.model", "scoring.url"]
        }
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: key) }
        try "  sk-secret  \nsecond line\n".write(to: key, atomically: true, encoding: .utf8)
        let config = try DaemonConfiguration(toml: """
            [scoring]
            backend = "openai"
            url = "http://gpu-1:8000/v1/"
            model = "activetune"
            api_key_file = "\(key.path)"
            concurrency = 16
            """, file: "s.toml")
        let server = try config.serverSettings(environment: ["ACTIVETUNE_SCORING_API_KEY": "from-environment"])
        #expect(server.apiKey == "sk-secret" && server.concurrency == 16 && server.model == "activetune")
        #expect(server.completionsURL == "http://gpu-1:8000/v1/completions")
        // Without a file, the environment variable; the key is never part of the recorded configuration.
        var plain = config
        plain.scoringAPIKeyFile = ""
        #expect(try plain.serverSettings(environment: ["ACTIVETUNE_SCORING_API_KEY": "from-environment"]).apiKey == "from-environment")
        #expect(!String(decoding: try JSONEncoder().encode(config), as: UTF8.self).contains("sk-secret"))
        // A named key file that cannot be read is an error, not a silent "no key".
        plain.scoringAPIKeyFile = key.path + ".missing"
        #expect(throws: ServerError.self) { try plain.serverSettings(environment: [:]) }
    }

    @Test func syntaxErrorPointsAtLine() {
        #expect {
            _ = try DaemonConfiguration(toml: "[budget]\npool_size = = 3\n", file: "s.toml")
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("s.toml:2:") == true
        }
    }
}
