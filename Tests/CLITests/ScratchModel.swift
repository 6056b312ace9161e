import Foundation
import Testing

/// A narrow model made by the real `activetune init` in a scratch directory, for commands that need a checkpoint.
struct ScratchModel {
    /// The scratch directory; the caller removes it.
    let root: URL
    /// The state directory holding the model.
    var state: String { root.appendingPathComponent("model").path }
    /// The active checkpoint (a symlink to the versioned file).
    var checkpoint: String { state + "/checkpoints/active" }

    /// One layer of width 16 with the embedded vocabulary and `positions` of context: commands run in seconds.
    init(positions: Int) throws {
        let config = #"{"vocab_size": 8192, "n_positions": \#(positions), "n_layer": 1, "n_head": 2, "n_embd": 16}"#
        root = try TaskFileLocations.temporaryDirectory(with: ["config.json": config])
        let created = try ActiveTuneBinary.run(["init", "--state", root.appendingPathComponent("model").path,
                                                "--config", root.appendingPathComponent("config.json").path])
        try #require(created.status == 0, "\(created.stderr)")
    }
}
