import Foundation
import Logging
import ModelStore

/// Hands a model to a server outside this process: writes it as an HF directory (`model/`) and, for the Llama
/// family, a GGUF file (`model.gguf`) into a folder, then runs the operator's command (`rotation.command`) with both
/// paths appended ("" for a missing GGUF), also given as `ACTIVETUNE_MODEL_ID`, `ACTIVETUNE_MODEL_HF` and
/// `ACTIVETUNE_MODEL_GGUF`. The command runs in a process group of its own and is killed after `timeout`.
///
/// The daemon hands over every model that becomes active (`RotationCommandWork`); `activetune experiment` hands over
/// each cell's model before scoring its pool on the server.
public struct ModelHandover: Sendable {
    /// The command and its arguments; the two paths are appended.
    public let command: [String]
    /// Seconds after which a still-running command is killed.
    public let timeout: Int

    /// How one handover ended.
    public struct Result: Sendable {
        /// "ok", or what went wrong ("exited with status 5", "killed after …", an export error).
        public var outcome: String
        /// The command's last lines of output (at most 20), for the message when it failed.
        public var lastLines: [String]
        /// True when the command exited with status 0.
        public var succeeded: Bool { outcome == "ok" }
    }

    /// A handover running `command`, killed after `timeout` seconds.
    public init(command: [String], timeout: Int) {
        self.command = command
        self.timeout = timeout
    }

    /// Exports `model` into `folder` (replacing what an interrupted export left) and runs the command for it.
    /// Throws only `CancellationError` (when `isCancelled` says so: the command is killed); every other failure is
    /// the result's outcome. `output` gets every line the command prints, `tick` is called at least once a second.
    public func run(_ model: LanguageModel, id: String, folder: URL, logger: Logger, isCancelled: () -> Bool,
                    output: (String) -> Void = { _ in }, tick: () -> Void = {}) throws -> Result {
        var lastLines: [String] = []
        do {
            let (directory, gguf) = try export(model, id: id, into: folder, logger: logger)
            let arguments = command + [directory.path, gguf?.path ?? ""]
            logger.info("running the rotation command", metadata: [
                "model": "\(id)", "command": "\(arguments.joined(separator: " "))",
            ])
            let process = ExternalCommand(
                arguments: arguments, environment: [
                    "ACTIVETUNE_MODEL_ID": id, "ACTIVETUNE_MODEL_HF": directory.path, "ACTIVETUNE_MODEL_GGUF": gguf?.path ?? "",
                ], key: "rotation.command", failure: .rotationCommandFailed)
            let ended = try process.run(
                timeout: .seconds(timeout), isCancelled: isCancelled, started: { _ in },
                line: { text, _ in
                    lastLines = Array((lastLines + [text]).suffix(20))
                    output(text)
                },
                tick: tick)
            switch ended {
            case .cancelled: throw CancellationError()
            case .exited(0): return Result(outcome: "ok", lastLines: lastLines)
            case .exited(let status): return Result(outcome: "exited with status \(status)", lastLines: lastLines)
            case .signalled(let signal): return Result(outcome: "killed by signal \(signal)", lastLines: lastLines)
            case .timedOut:
                return Result(outcome: "killed after rotation.command_timeout (\(timeout) s)", lastLines: lastLines)
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            // A command that cannot start, or an export that cannot be written: an outcome like a failed exit.
            return Result(outcome: "\(error)", lastLines: lastLines)
        }
    }

    /// Writes `model` as an HF directory and, for the Llama family, a GGUF file into `folder`.
    private func export(_ model: LanguageModel, id: String, into folder: URL, logger: Logger) throws -> (URL, URL?) {
        // A folder left by an interrupted export may be incomplete: write it again.
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let directory = folder.appendingPathComponent("model")
        try model.write(huggingFaceDirectory: directory)
        guard model.transformer.config.family == .llama else {
            logger.notice("the model is not of the Llama family: no GGUF file; the command gets \"\" for it",
                          metadata: ["model": "\(id)"])
            return (directory, nil)
        }
        let gguf = folder.appendingPathComponent("model.gguf")
        try model.write(gguf: gguf.path)
        return (directory, gguf)
    }

    /// Removes every folder in `parent` but `kept` (exports of models the server no longer needs).
    public static func removeFolders(in parent: URL, except kept: String, logger: Logger) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name != kept {
            do { try FileManager.default.removeItem(at: parent.appendingPathComponent(name)) } catch {
                logger.warning("could not remove an old export", metadata: ["folder": "\(name)", "error": "\(error)"])
            }
        }
    }
}
