import ArgumentParser

/// `activetune tokenizer`: tools for the byte-level BPE tokenizer.
struct TokenizerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Train and inspect the byte-level BPE tokenizer.",
        subcommands: [TokenizerTrainCommand.self]
    )
}
