import ArgumentParser
import Foundation
import Model
import Tasks

/// `activetune tokenizer train`: learns a GPT-2 style byte-level BPE vocabulary from task files.
struct TokenizerTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a byte-level BPE vocabulary (vocab.json + merges.txt) from task files.",
        discussion: """
            Reads NIV2 and Self-Instruct task files (as `activetune validate` does) and learns merges from the \
            text of their definitions or instructions, positive examples and instances, inputs and outputs. \
            The same files, in any order, always give identical output files.
            """
    )

    @Option(name: .customLong("vocab-size"), help: "Tokens in the vocabulary: 256 bytes, <|endoftext|>, then merges.")
    var vocabularySize: Int

    @Option(name: .customLong("out"), help: "Directory to write vocab.json and merges.txt into.")
    var outputDirectory: String = "."

    @Argument(help: "Task files: NIV2 JSON or Self-Instruct JSONL.")
    var files: [String]

    func validate() throws {
        guard vocabularySize >= 257 else { throw ValidationError("--vocab-size must be at least 257, not \(vocabularySize)") }
        guard !files.isEmpty else { throw ValidationError("give at least one task file to learn from") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var trainer = BPETrainer()
        var textCount = 0
        let reader = TaskFileReader()
        for file in files {
            for task in try reader.read(contentsOf: URL(fileURLWithPath: file), name: file).tasks {
                for text in task.trainingTexts {
                    trainer.add(text)
                    textCount += 1
                }
            }
        }
        let tokenizer = try trainer.train(vocabularySize: vocabularySize)
        try tokenizer.write(to: URL(fileURLWithPath: outputDirectory))
        let seconds = (clock.now - start) / .seconds(1)
        print("learned \(tokenizer.vocabularySize) tokens from \(textCount) texts in \(files.count) files "
              + "(\(trainer.distinctWordCount) distinct pre-tokens) in \(String(format: "%.1f", seconds)) s; "
              + "wrote \(outputDirectory)/vocab.json and merges.txt")
    }
}

extension InstructionTask {
    /// The text a tokenizer learns from: the definition, the positive examples' inputs and outputs, and
    /// every instance's input and reference outputs.
    fileprivate var trainingTexts: [String] {
        [definition] + positiveExamples.flatMap { [$0.input, $0.output] }
            + instances.flatMap { [$0.input] + $0.outputs }
    }
}
