import ArgumentParser
import Checkpoint
import Foundation
import Logging
import State

/// `activetune checkpoints`: the model versions in a state directory, which is active, and what made each.
struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List the model versions (id, size, created, round, strategy, eval, active/previous)."
    )

    @Option(help: "The daemon's state directory; checkpoints live in its checkpoints/ folder.")
    var state = StateDirectory.defaultPath

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    func run() throws {
        let store = try OperatorState.checkpoints(state, access: .readOnly).store
        let versions = try store.list()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf",
                                                                          negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(versions), as: UTF8.self))
            return
        }
        guard !versions.isEmpty else {
            print("no checkpoints in \(store.path) yet")
            return
        }
        let rows = [[" ", "ID", "SIZE", "CREATED", "ROUND", "STRATEGY", "EVAL"]] + versions.map(Self.row)
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = zip(row, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            print(line)
        }
    }

    /// One table row: marker (`*` active, `-` previous), id, size, created, round, strategy, eval.
    static func row(_ summary: CheckpointSummary) -> [String] {
        let marker = summary.active ? "*" : summary.previous ? "-" : " "
        let size = summary.bytes < 1_000_000 ? String(format: "%.1f kB", Double(summary.bytes) / 1e3)
            : String(format: "%.1f MB", Double(summary.bytes) / 1e6)
        guard let provenance = summary.provenance else {
            return [marker, summary.id, size, "?", "?", "?", "unreadable: \(summary.problem ?? "")"]
        }
        let created = ISO8601DateFormatter().string(from: provenance.created)
        let eval = provenance.evaluation.keys.sorted()
            .map { "\($0)=\(String(format: "%.4g", provenance.evaluation[$0]!))" }.joined(separator: " ")
        return [marker, summary.id, size, created, "\(provenance.round)", provenance.strategy, eval.isEmpty ? "-" : eval]
    }
}
