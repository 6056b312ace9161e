import Foundation
import Testing
@testable import Tasks

/// Prompts, clean and perturbed, match the independent Python re-implementation
/// (`Reference/tk_instruct_prompt.py`) byte for byte, and budgets keep the scaffold.
@Suite struct PromptRendererTests {
    struct GoldenCase: Decodable, Sendable, CustomTestStringConvertible {
        var `case`: String
        var file: String
        var task: String
        var instance: Int
        var budgetCharacters: Int?
        var seed: UInt64?
        var dropRate: Double?
        var variant: Int
        var testDescription: String { self.case }
    }

    static let goldenCases: [GoldenCase] = {
        let url = SharedData.reference().appendingPathComponent("golden/cases.json")
        guard let data = try? Data(contentsOf: url), let cases = try? JSONDecoder().decode([GoldenCase].self, from: data) else {
            return []
        }
        return cases
    }()

    @Test func goldenCasesAreThere() {
        #expect(Self.goldenCases.count == 7)
    }

    @Test(arguments: goldenCases)
    func matchesTheReference(_ golden: GoldenCase) throws {
        let file = try TaskFileReader().read(contentsOf: SharedData.directory().appendingPathComponent(golden.file))
        let task = try #require(file.tasks.first { $0.id == golden.task })
        let budget = golden.budgetCharacters.map { PromptBudget(maxTokens: $0, counter: CharacterCounter()) }
        let perturbation = WordDropPerturbation(seed: golden.seed ?? 0, dropRate: golden.dropRate ?? 0)
        let context = perturbation.variant(golden.variant, of: task)
        let prompt = PromptRenderer(budget: budget).render(context, input: task.instances[golden.instance].input)
        let expected = try Data(contentsOf: SharedData.reference().appendingPathComponent("golden/\(golden.case).txt"))
        #expect(Array(prompt.utf8) == Array(expected), "\(prompt)")
    }

    private let context = PromptContext(
        definition: "  Label the review  ",
        positiveExamples: [TaskExample(input: "Great!", output: " positive "), TaskExample(input: "Awful", output: "negative"),
                           TaskExample(input: "third", output: "never shown")])

    @Test func templateDetails() {
        let prompt = PromptRenderer.unbounded.render(context, input: "\n So-so \n")
        #expect(prompt == """
            Definition: Label the review.

             Positive Example 1 -
            Input: Great!
             Output: positive.

             Positive Example 2 -
            Input: Awful.
             Output: negative.

            Now complete the following example -
            Input: So-so.
            Output:
            """)
        #expect(PromptRenderer.unbounded.render(context, input: "").contains("Input: .\nOutput:"))
        #expect(PromptRenderer.unbounded.render(context, input: "Why?").contains("Input: Why?\nOutput:"))
    }

    @Test func examplesAreAddedWhileTheyFit() {
        let full = PromptRenderer.unbounded.render(context, input: "So-so")
        let fits = PromptRenderer(budget: PromptBudget(maxTokens: full.unicodeScalars.count + 1, counter: CharacterCounter()))
        #expect(fits.render(context, input: "So-so") == full)
        let tight = PromptRenderer(budget: PromptBudget(maxTokens: full.unicodeScalars.count - 1, counter: CharacterCounter()))
        let one = tight.render(context, input: "So-so")
        #expect(one.contains("Positive Example 1") && !one.contains("Positive Example 2"))
    }

    /// Too long for the budget: the instance input is cut from its end and `Output: ` survives.
    @Test func longInputIsCutKeepingTheScaffold() {
        let input = (0..<2000).map { "w\($0)" }.joined(separator: " ")
        for counter in [CharacterCounter(), WordCounter()] as [any TokenCounter] {
            let budget = PromptBudget(maxTokens: 200, counter: counter)
            let prompt = PromptRenderer(budget: budget).render(context, input: input)
            #expect(counter.tokenCount(prompt) <= 200)
            #expect(prompt.hasPrefix("Definition: Label the review.\n\nNow complete the following example -\nInput: w0 w1 "))
            #expect(prompt.hasSuffix("\nOutput:"))
            #expect(!prompt.contains("Positive Example"))
        }
    }

    /// When even an empty input does not fit, the definition is cut too.
    @Test func longDefinitionIsCutAfterTheInput() {
        let long = PromptContext(definition: String(repeating: "Define things carefully. ", count: 100), positiveExamples: [])
        let prompt = PromptRenderer(budget: PromptBudget(maxTokens: 120, counter: CharacterCounter())).render(long, input: "some input")
        #expect(prompt.unicodeScalars.count <= 120)
        #expect(prompt.hasPrefix("Definition: Define things carefully."))
        #expect(prompt.hasSuffix("\n\nNow complete the following example -\nInput: .\nOutput:"))
    }

    @Test func bareScaffoldIsAllThatRemainsOfATinyBudget() {
        let prompt = PromptRenderer(budget: PromptBudget(maxTokens: 5, counter: CharacterCounter())).render(context, input: "x")
        #expect(prompt == "Definition: .\n\nNow complete the following example -\nInput: .\nOutput:")
    }
}
