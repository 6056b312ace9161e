import Foundation
import Testing

/// `activetune prompt`: exact text, perturbation flags and argument errors, through the real binary.
@Suite struct PromptCommandTests {
    private func task843() throws -> String {
        try TaskFileLocations.sharedData()
            .appendingPathComponent("niv2/tasks/task843_financial_phrasebank_classification.json").path
    }

    @Test func cleanPromptIsTheGoldenTextWithNothingAdded() throws {
        let result = try ActiveTuneBinary.run(["prompt", try task843()])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try String(contentsOf: TaskFileLocations.golden("task843-classification.txt"), encoding: .utf8)
        #expect(result.stdout == golden)
        #expect(result.stdout.hasSuffix("\nOutput:"))
    }

    @Test func selfInstructTaskByID() throws {
        let seeds = try TaskFileLocations.sharedData().appendingPathComponent("self-instruct/seed_tasks.jsonl").path
        let result = try ActiveTuneBinary.run(["prompt", seeds, "--task", "seed_task_0"])
        #expect(result.status == 0)
        let golden = try String(contentsOf: TaskFileLocations.golden("seed-task-0-empty-input.txt"), encoding: .utf8)
        #expect(result.stdout == golden)
    }

    /// Perturbed prompts are the same in every process: the stream does not depend on per-process hashing.
    @Test func perturbedPromptsRepeatAcrossProcesses() throws {
        let file = try task843()
        let clean = try ActiveTuneBinary.run(["prompt", file, "--instance", "3"]).stdout
        let first = try ActiveTuneBinary.run(["prompt", file, "--instance", "3", "--perturbation", "4"])
        let second = try ActiveTuneBinary.run(["prompt", file, "--instance", "3", "--perturbation", "4", "--seed", "0",
                                               "--drop-rate", "0.2", "--perturbations", "10"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout != clean)
        let instancePart = try #require(clean.range(of: "Now complete the following example -\n")).lowerBound
        #expect(first.stdout.hasSuffix(String(clean[instancePart...])))
        let otherSeed = try ActiveTuneBinary.run(["prompt", file, "--instance", "3", "--perturbation", "4", "--seed", "1"])
        #expect(otherSeed.stdout != first.stdout)
        let noDrop = try ActiveTuneBinary.run(["prompt", file, "--instance", "3", "--perturbation", "4", "--drop-rate", "0"])
        #expect(noDrop.stdout == clean)
    }

    @Test func badArgumentsFailClearly() throws {
        let file = try task843()
        let unknown = try ActiveTuneBinary.run(["prompt", file, "--task", "task000_nothing"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("has no task \"task000_nothing\""))
        #expect(unknown.stdout.isEmpty)
        let range = try ActiveTuneBinary.run(["prompt", file, "--instance", "100"])
        #expect(range.status == 64)
        #expect(range.stderr.contains("has 100 instances"))
        #expect(try ActiveTuneBinary.run(["prompt", file, "--perturbation", "11"]).status == 64)
        #expect(try ActiveTuneBinary.run(["prompt", file, "--drop-rate", "1.5"]).status == 64)
        let missing = try ActiveTuneBinary.run(["prompt", "/nonexistent/task.json"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no such file"))
    }
}
