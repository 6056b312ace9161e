import Testing
@testable import Tasks

/// Word-drop perturbation: rate, what never changes, determinism and order independence.
@Suite struct WordDropPerturbationTests {
    private static func words(_ prefix: String, _ count: Int) -> String {
        (0..<count).map { "\(prefix)\($0)" }.joined(separator: " ")
    }

    /// A task with many words, so drop rates can be measured.
    private static func task(id: String = "t", definitionWords: Int = 4000, exampleWords: Int = 1000) -> InstructionTask {
        InstructionTask(
            id: id, definition: "  " + words("d", definitionWords) + "\n\n  end.",
            positiveExamples: [
                TaskExample(input: words("a", exampleWords), output: "first output stays"),
                TaskExample(input: words("b", exampleWords), output: "second  output\nstays"),
                TaskExample(input: words("c", exampleWords), output: "third is never shown"),
            ],
            instances: [TaskInstance(id: "\(id)-0", input: "  the instance   input\n", outputs: ["x"])],
            format: .niv2, kind: .generation)
    }

    @Test func dropRateIsNearTheProbability() {
        let task = Self.task()
        let perturbation = WordDropPerturbation(seed: 5, dropRate: 0.2)
        var kept = 0, total = 0
        for variant in perturbation.variants(of: task).dropFirst() {
            for (text, original) in zip([variant.definition] + variant.positiveExamples.map(\.input),
                                        [task.definition] + task.positiveExamples.prefix(2).map(\.input)) {
                let originalWords = PythonText.split(original)
                let keptWords = PythonText.split(text)
                // Kept words keep their order: they are a subsequence of the original words.
                var iterator = originalWords.makeIterator()
                #expect(keptWords.allSatisfy { word in
                    while let next = iterator.next() { if next == word { return true } }
                    return false
                })
                kept += keptWords.count
                total += originalWords.count
            }
        }
        // 10 variants × 6002 words: the standard error of the kept fraction is about 0.0016.
        let rate = 1 - Double(kept) / Double(total)
        #expect(abs(rate - 0.2) < 0.01, "measured drop rate \(rate)")
    }

    @Test func instanceInputAndExampleOutputsNeverChange() {
        let task = Self.task()
        let perturbation = WordDropPerturbation(seed: 1, dropRate: 0.5)
        let clean = PromptRenderer.unbounded.render(task: task, instance: task.instances[0])
        let instancePart = "Now complete the following example -\nInput: the instance   input.\nOutput:"
        #expect(clean.hasSuffix(instancePart))
        for (index, variant) in perturbation.variants(of: task, count: 10).enumerated() {
            #expect(variant.positiveExamples.map(\.output) == ["first output stays", "second  output\nstays"])
            let prompt = PromptRenderer.unbounded.render(variant, input: task.instances[0].input)
            #expect(prompt.hasSuffix(instancePart))
            #expect(prompt.contains(" Output: first output stays.\n"))
            #expect((prompt == clean) == (index == 0))
        }
    }

    @Test func zeroRateGivesTheCleanPromptExactly() {
        let task = Self.task(definitionWords: 50, exampleWords: 20)
        let clean = PromptContext(task: task)
        for variant in WordDropPerturbation(seed: 3, dropRate: 0).variants(of: task) {
            #expect(variant == clean)
        }
        #expect(WordDropPerturbation(dropRate: 0.2).variant(0, of: task) == clean)
    }

    @Test func fullRateDropsEverything() {
        let variant = WordDropPerturbation(dropRate: 1).variant(1, of: Self.task(definitionWords: 10, exampleWords: 10))
        #expect(variant.definition.isEmpty)
        #expect(variant.positiveExamples.map(\.input) == ["", ""])
    }

    @Test func variantsAreDeterministicAndIndependentOfCount() {
        let task = Self.task(definitionWords: 300, exampleWords: 100)
        let first = WordDropPerturbation(seed: 11).variants(of: task, count: 10)
        let second = WordDropPerturbation(seed: 11).variants(of: task, count: 10)
        #expect(first == second)
        #expect(first.count == 11)
        #expect(WordDropPerturbation(seed: 11).variants(of: task, count: 3) == Array(first.prefix(4)))
        #expect(Set(first).count == 11)
        #expect(WordDropPerturbation(seed: 12).variant(1, of: task) != first[1])
    }

    /// A task's variants depend on its content, not on its id or on the other tasks seen before it.
    @Test func variantsDoNotDependOnTaskOrder() {
        let perturbation = WordDropPerturbation(seed: 2)
        let a = Self.task(id: "a", definitionWords: 200), b = Self.task(id: "b", definitionWords: 201)
        let forward = [a, b].map { perturbation.variants(of: $0) }
        let backward = [b, a].map { perturbation.variants(of: $0) }
        #expect(forward[0] == backward[1])
        #expect(forward[1] == backward[0])
        let renamed = Self.task(id: "renamed", definitionWords: 200)
        #expect(perturbation.variants(of: renamed) == forward[0])
    }
}
