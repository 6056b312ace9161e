import ArgumentParser
import Checkpoint
import Foundation
import Logging
import Model
import ModelStore
import State

/// `activetune init`: creates the default model and commits it as a state directory's first version.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a freshly initialised model (seeded) and make it the state directory's active model.",
        discussion: """
            The model has the embedded 8192-token tokenizer and the default shape (4 layers, 4 heads, width 256, \
            context 1024) unless --config names an HF config.json (its vocab_size must be 8192). It is committed \
            through the checkpoint store as round 0 with strategy "init". Refuses when a model is already active, \
            unless --force (the old model stays as `previous`, so `activetune rollback` restores it).
            """
    )

    @Option(help: "The daemon's state directory; created if needed.")
    var state = StateDirectory.defaultPath

    @Option(help: ArgumentHelp("An HF GPT-2 config.json giving the model's shape.", valueName: "FILE"))
    var config: String?

    @Option(help: "Seed of the random initialisation; the same seed gives the same weights.")
    var seed: UInt64 = 0

    @Flag(help: "Replace an active model.")
    var force = false

    func run() throws {
        let shape = try config.map(Self.readConfig) ?? ModelConfig.default
        let store = try OperatorState.checkpoints(state, access: .readWrite).store
        if let active = store.activeID, !force {
            throw ValidationError("\(state) already has an active model (\(active)); nothing changed. "
                                  + "HINT: pass --force to replace it (it stays as `previous`)")
        }
        let model = try LanguageModel.create(config: shape, seed: seed)
        let provenance = Provenance(round: 0, strategy: "init", programVersion: ActiveTuneVersion.string)
        let id = try store.commit(model.checkpoint(provenance: provenance, metadata: ["activetune-init-seed": "\(seed)"])).id
        print("active model: \(id) (\(model.transformer.parameterCount) parameters, seed \(seed)) in \(store.path)")
    }

    private static func readConfig(_ path: String) throws -> ModelConfig {
        do {
            return try JSONDecoder().decode(ModelConfig.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as ModelError {
            throw error
        } catch {
            throw ValidationError("could not read --config \(path): \(error). HINT: pass an HF GPT-2 config.json")
        }
    }
}
