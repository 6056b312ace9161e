import Testing
@testable import Tasks

/// The classification rule, pinned on real tasks checked by hand and on made-up edge cases.
@Suite struct TaskClassifierTests {
    private func kind(_ name: String) throws -> TaskKind {
        try #require(TaskFileReader().read(contentsOf: SharedData.niv2Task(name)).tasks.first).kind
    }

    /// Checked by hand: each definition lists the label set its outputs use.
    @Test(arguments: [
        "task843_financial_phrasebank_classification",  // sentiment: positive / negative / neutral
        "task1344_glue_entailment_classification",  // entailment: 0 / 1
        "task227_clariq_classification",  // 'Yes' or 'No'
        "task900_freebase_qa_category_classification",  // one of 73 quoted topics
    ])
    func realClassificationTasks(name: String) throws {
        #expect(try kind(name) == .classification)
    }

    /// Checked by hand: free text, or a small output set that the definition does not name.
    @Test(arguments: [
        "task461_qasper_question_generation",  // question generation
        "task389_torque_generate_temporal_question",  // only 2 distinct questions, not named in the definition
        "task082_babi_t1_single_supporting_fact_question_generation",  // 4 distinct "Where is X?" questions
        "task743_eurlex_summarization",  // summaries
        "task293_storycommonsense_emotion_text_generation",  // sentiment category, but open emotion words
    ])
    func realGenerationTasks(name: String) throws {
        #expect(try kind(name) == .generation)
    }

    private func instances(_ labels: [String]) -> [TaskInstance] {
        labels.enumerated().map { TaskInstance(id: "\($0.offset)", input: "x", outputs: [$0.element]) }
    }

    @Test func labelsMustAppearAsWords() {
        let classifier = TaskClassifier()
        let labels = instances(Array(repeating: ["Yes", "No."], count: 10).flatMap { $0 })
        #expect(classifier.kind(definition: "Answer YES or no.", instances: labels) == .classification)
        // "no" inside "not" and "yes" inside "eyes" are not the words.
        #expect(classifier.kind(definition: "Do not answer with your eyes.", instances: labels) == .generation)
    }

    @Test func punctuationLabelsNeedNoWordBoundary() {
        let labels = instances(Array(repeating: [".", "NN"], count: 10).flatMap { $0 })
        #expect(TaskClassifier().kind(definition: "Tags: NN: noun, .: full stop", instances: labels) == .classification)
    }

    @Test func tooFewInstancesOrTooManyLabelsMeanGeneration() {
        let classifier = TaskClassifier()
        let definition = "Answer 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i' or 'j'."
        #expect(classifier.kind(definition: definition, instances: instances(["a", "b", "a"])) == .generation)
        let open = instances(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
        #expect(classifier.kind(definition: definition, instances: open) == .generation)
        #expect(classifier.kind(definition: definition, instances: open + open) == .classification)
        let strict = TaskClassifier(maximumLabels: 5)
        #expect(strict.kind(definition: definition, instances: open + open) == .generation)
    }

    @Test func emptyLabelsMeanGeneration() {
        let labels = instances(Array(repeating: ["", "yes"], count: 10).flatMap { $0 })
        #expect(TaskClassifier().kind(definition: "Say yes or nothing.", instances: labels) == .generation)
    }

    @Test func selfInstructUsesItsOwnFlag() throws {
        let tasks = try TaskFileReader().read(contentsOf: SharedData.selfInstruct()).tasks
        let flagged = try #require(tasks.first { $0.id == "seed_task_148" })
        #expect(flagged.kind == .classification)
        #expect(tasks.first { $0.id == "seed_task_0" }?.kind == .generation)
    }
}
