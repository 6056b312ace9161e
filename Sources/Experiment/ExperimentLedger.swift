import Foundation
import Model
import Safetensors

/// The persistent state of an experiment in a directory: `experiment.json` (settings and finished cells)
/// and `models/` (each finished cell's weights, so a resumed run scores with the model it would have had).
///
/// Every write goes to a temporary name and is renamed into place, so an interruption at any instant leaves
/// the previous state readable; a cell counts as done only once both its model and its record are written.
public final class ExperimentLedger {
    /// The state directory.
    public let directory: URL
    /// The settings the state belongs to.
    public let settings: ExperimentSettings
    /// Finished cells by key.
    public private(set) var cells: [String: ExperimentCell]

    private struct Stored: Codable {
        var settings: ExperimentSettings
        var cells: [ExperimentCell]
    }

    /// Opens (or starts) the state in `directory`; throws when it belongs to other settings.
    public init(directory: URL, settings: ExperimentSettings) throws {
        self.directory = directory
        self.settings = settings
        let models = directory.appendingPathComponent("models")
        do {
            try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        } catch {
            throw ExperimentError(.unreadableState, "cannot create the state directory \(models.path): "
                + "\(error.localizedDescription). HINT: pass a writable --state DIR")
        }
        let file = directory.appendingPathComponent("experiment.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            cells = [:]
            return
        }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: data)
        } catch {
            throw ExperimentError(.unreadableState, "\(file.path) is not an experiment state file: \(error). "
                + "HINT: pass another --state DIR, or remove it to start over")
        }
        guard stored.settings == settings else {
            throw ExperimentError(.invalidSettings, "\(file.path) holds an experiment with other settings. "
                + "HINT: rerun with the same options to resume, or pass a fresh --state DIR")
        }
        cells = Dictionary(stored.cells.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The finished cell of (seed, strategy, round), if any.
    public func cell(seed: UInt64, strategy: String, round: Int) -> ExperimentCell? {
        cells[ExperimentCell.key(seed: seed, strategy: strategy, round: round)]
    }

    /// Stores a finished cell with its model: the weights first, then the record that names it done.
    /// With `model` nil (the base model's evaluation, whose weights are the experiment's input) only the record.
    public func record(_ cell: ExperimentCell, model: Transformer?) throws {
        if let model {
            let file = modelURL(seed: cell.seed, strategy: cell.strategy, round: cell.round)
            let temporary = file.appendingPathExtension("tmp")
            try model.safetensors().write(toFile: temporary.path)
            try replace(file, with: temporary)
        }
        cells[cell.key] = cell
        let stored = Stored(settings: settings, cells: cells.values.sorted { $0.key < $1.key })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = directory.appendingPathComponent("experiment.json")
        let temporaryJSON = json.appendingPathExtension("tmp")
        try encoder.encode(stored).write(to: temporaryJSON)
        try replace(json, with: temporaryJSON)
    }

    /// The model of a finished cell, of shape `config`.
    public func model(seed: UInt64, strategy: String, round: Int, config: ModelConfig) throws -> Transformer {
        let file = modelURL(seed: seed, strategy: strategy, round: round)
        do {
            return try Transformer(config: config, safetensors: try SafetensorsFile(contentsOfFile: file.path))
        } catch {
            throw ExperimentError(.unreadableState, "cannot load the model of cell \(seed)/\(strategy)/\(round) "
                + "from \(file.path): \(error). HINT: remove the state directory to start over")
        }
    }

    private func modelURL(seed: UInt64, strategy: String, round: Int) -> URL {
        directory.appendingPathComponent("models/seed\(seed)-\(strategy)-round\(round).safetensors")
    }

    private func replace(_ file: URL, with temporary: URL) throws {
        if rename(temporary.path, file.path) != 0 {
            throw ExperimentError(.unreadableState, "cannot rename \(temporary.path) to \(file.path): "
                + "\(String(cString: strerror(errno))). HINT: check the state directory's permissions")
        }
    }
}
