import ArgumentParser
import Foundation
import Tasks

/// `activetune validate`: checks task files the way the daemon will, without a daemon.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check NIV2 and Self-Instruct task files; say what each holds or what is wrong.",
        discussion: """
            Prints one line per file. Exit status: 0 when every file is valid, 65 when any is not.
            --json prints an array of objects with file, ok, format, tasks, instances, classification,
            error (null when ok), errorCode and location.
            """
    )

    @Flag(help: "Print a JSON array with one object per file instead of text lines.")
    var json = false

    @Option(name: .customLong("max-size"), help: ArgumentHelp("Reject files larger than this (default: 64 MiB).", valueName: "BYTES"))
    var maxSize: Int = TaskFileReader.defaultSizeCap

    @Argument(help: ArgumentHelp("Task files to check.", valueName: "FILE"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one task file.") }
        guard maxSize > 0 else { throw ValidationError("--max-size must be a positive number of bytes.") }
    }

    func run() throws {
        let reader = TaskFileReader(sizeCap: maxSize)
        let reports = files.map { path in
            ValidationReport(file: path, result: Result { () throws(TaskFileError) in
                try reader.read(contentsOf: URL(fileURLWithPath: path), name: path)
            })
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            reports.forEach { print($0.line) }
        }
        if reports.contains(where: { !$0.ok }) { throw ExitCode(65) }
    }
}
