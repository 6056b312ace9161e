import Foundation
import Glibc
import Logging
import Model
import ModelStore
import State
import Systemd
import Tasks

/// Trains a round with an external command (`training.backend = "command"`): the daemon keeps the spool, the state,
/// selection, checkpoints and rotation, and hands the compute to an existing trainer (e.g. `contrib/train_hf.py`
/// under `accelerate launch` or `torchrun` on GPUs).
///
/// The round folder (`StateDirectory.roundFolder`) gets `examples.jsonl` (the exact examples the local trainer
/// would use: task, round, prompt and target text, `input_ids`, `loss_start`), `model/` (the starting model as an HF
/// directory) and `hyperparameters.json`; the command runs with the folder as its last argument and must write
/// `output/` (an HF directory). JSON progress lines on its standard output become `training_progress` journal
/// entries and STATUS=; other output is logged. A non-zero exit, a signal, the timeout or a model that does not match
/// the one it started from fails the round before anything is committed; the folder is removed once the output is
/// read.
struct CommandTraining {
    let configuration: DaemonConfiguration

    /// Trains `model` on `tasks` by running the command; returns the command's model.
    func train(_ model: LanguageModel, on tasks: [InstructionTask], round: Int, folder: URL,
               context: WorkContext) throws -> (model: LanguageModel, summary: TrainingSummary) {
        let started = Date()
        try prepare(folder, model: model, tasks: tasks, round: round)
        let arguments = configuration.trainingCommand + [folder.path]
        context.logger.info("running the trainer command", metadata: [
            "round": "\(round)", "command": "\(arguments.joined(separator: " "))",
        ])
        var progress = TrainerProgress(round: round)
        var lastLines: [String] = []
        let process = ExternalCommand(arguments: arguments, environment: ["ACTIVETUNE_ROUND_DIR": folder.path],
                                      key: "training.command", failure: .trainerFailed)
        let pidFile = folder.appendingPathComponent("trainer.pid")
        let outcome = try process.run(
            timeout: .seconds(configuration.trainingCommandTimeout),
            isCancelled: { Task.isCancelled },
            started: { pid in
                do { try "\(pid)\n".write(to: pidFile, atomically: true, encoding: .utf8) } catch {
                    // Only a restart after a crash needs it, to end a trainer left running; the round itself goes on.
                    context.logger.warning("could not record the trainer's process group", metadata: [
                        "file": "\(pidFile.path)", "error": "\(error)",
                    ])
                }
            },
            line: { text, isOutput in
                if isOutput, progress.read(text, context: context) { return }
                lastLines = Array((lastLines + [text]).suffix(20))
                context.logger.info("trainer output", metadata: ["round": "\(round)", "line": "\(text)"])
            },
            tick: { context.progress(progress.status) })
        switch outcome {
        case .exited(0): break
        case .cancelled: throw CancellationError()
        case .timedOut:
            throw DaemonError(.trainerFailed, "round \(round): the trainer command ran longer than "
                              + "training.command_timeout (\(configuration.trainingCommandTimeout) s) and was killed",
                              hint: "raise training.command_timeout, or give the trainer more compute")
        case .exited(let status), .signalled(let status):
            let how = outcome == .exited(status) ? "exited with status \(status)" : "was killed by signal \(status)"
            throw DaemonError(.trainerFailed, "round \(round): the trainer command \(how); its last output: "
                              + lastLines.suffix(5).joined(separator: " | "),
                              hint: "run `\(arguments.joined(separator: " "))` by hand to see why; the round is retried")
        }
        let trained = try readOutput(folder, like: model, round: round)
        do { try FileManager.default.removeItem(at: folder) } catch {
            // The model is read; a folder left behind only costs disk until the next round of this number.
            context.logger.warning("could not remove the round folder", metadata: ["folder": "\(folder.path)", "error": "\(error)"])
        }
        return (trained, TrainingSummary(examples: progress.examples, steps: progress.step,
                                         finalLoss: progress.finalLoss ?? progress.loss,
                                         seconds: Date().timeIntervalSince(started)))
    }

    /// Ends a trainer a killed daemon left running in `folder`, so a restarted round does not race it.
    static func stopLeftover(in folder: URL) {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("trainer.pid"), encoding: .utf8),
              let group = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), group > 1 else { return }
        ExternalCommand.stop(group: group)
    }

    private func prepare(_ folder: URL, model: LanguageModel, tasks: [InstructionTask], round: Int) throws {
        Self.stopLeftover(in: folder)
        // A folder left by an earlier attempt must go: a stale output/ would be imported as this round's model.
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recipe = RoundTraining(configuration: configuration).recipe
        let trainer = try TaskTrainer(recipe: recipe, tokenizer: model.tokenizer,
                                      stop: StopSequence(configuration.scoringStopSequence))
        var lines = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var count = 0
        for task in tasks {
            for example in trainer.examples(for: [task], contextLength: model.transformer.config.contextLength) {
                let record = ExampleRecord(task: task.id, round: round,
                                           prompt: model.tokenizer.decode(example.tokens[..<example.lossStart]),
                                           target: model.tokenizer.decode(example.tokens[example.lossStart...]),
                                           inputIDs: example.tokens, lossStart: example.lossStart)
                lines += String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
                count += 1
            }
        }
        guard count > 0 else {
            throw DaemonError(.trainerFailed, "round \(round): no training examples in \(tasks.count) tasks",
                              hint: "give tasks whose instances have reference outputs")
        }
        try Data(lines.utf8).write(to: folder.appendingPathComponent("examples.jsonl"))
        let o = recipe.optimizer
        let batches = (count + recipe.batchSize - 1) / recipe.batchSize
        let hyperparameters = Hyperparameters(
            round: round, examples: count, epochs: recipe.epochs, batchSize: recipe.batchSize,
            learningRate: Double(o.learningRate), warmupSteps: o.warmupSteps, weightDecay: Double(o.weightDecay),
            gradClip: Double(o.gradientClip), beta1: Double(o.beta1), beta2: Double(o.beta2), epsilon: Double(o.epsilon),
            schedule: o.schedule.rawValue, totalSteps: o.totalSteps > 0 ? o.totalSteps : batches * recipe.epochs,
            minLRFraction: Double(o.minLearningRateFraction), seed: Int(recipe.seed))
        try encoder.encode(hyperparameters).write(to: folder.appendingPathComponent("hyperparameters.json"))
        try model.write(huggingFaceDirectory: folder.appendingPathComponent("model"))
    }

    /// The command's model, refused unless it has the shape and tokenizer of the model it started from.
    private func readOutput(_ folder: URL, like start: LanguageModel, round: Int) throws -> LanguageModel {
        let output = folder.appendingPathComponent("output")
        let trained: LanguageModel
        do {
            trained = try LanguageModel(huggingFaceDirectory: output)
        } catch {
            throw DaemonError(.trainerFailed, "round \(round): the trainer exited 0 but \(output.path) is not a model "
                              + "activetune reads: \(error)", hint: "the command must write an HF directory (config.json, "
                              + "model.safetensors, the tokenizer) to ROUND_DIR/output, as contrib/train_hf.py does")
        }
        guard trained.transformer.config == start.transformer.config,
              trained.tokenizer.vocabularyJSON() == start.tokenizer.vocabularyJSON() else {
            throw DaemonError(.trainerFailed, "round \(round): the trainer's model in \(output.path) has another shape "
                              + "or tokenizer than the model it started from",
                              hint: "the trainer must fine-tune ROUND_DIR/model and keep its configuration and tokenizer")
        }
        return trained
    }
}

/// One line of `examples.jsonl`.
private struct ExampleRecord: Encodable {
    let task: String
    let round: Int
    let prompt: String
    let target: String
    let inputIDs: [Int32]
    let lossStart: Int

    enum CodingKeys: String, CodingKey {
        case task, round, prompt, target, inputIDs = "input_ids", lossStart = "loss_start"
    }
}

/// `hyperparameters.json`: the local trainer's recipe, in the names `contrib/train_hf.py` reads.
private struct Hyperparameters: Encodable {
    let round, examples, epochs, batchSize: Int
    let learningRate: Double
    let warmupSteps: Int
    let weightDecay, gradClip, beta1, beta2, epsilon: Double
    let schedule: String
    let totalSteps: Int
    let minLRFraction: Double
    let seed: Int

    enum CodingKeys: String, CodingKey {
        case round, examples, epochs, batchSize = "batch_size", learningRate = "learning_rate"
        case warmupSteps = "warmup_steps", weightDecay = "weight_decay", gradClip = "grad_clip", beta1, beta2, epsilon
        case schedule, totalSteps = "total_steps", minLRFraction = "min_lr_fraction", seed
    }
}

/// The trainer's JSON progress lines, turned into journal entries (every 10 s and the last step) and STATUS=.
private struct TrainerProgress {
    let round: Int
    var step = 0, steps = 0, examples = 0
    var loss = 0.0
    var finalLoss: Double?
    var lastLog = Date.distantPast

    init(round: Int) { self.round = round }

    var status: String {
        steps == 0 ? "round \(round) trainer starting" : "round \(round) step \(step)/\(steps) loss \(String(format: "%.3f", loss))"
    }

    /// Takes `text` if it is a progress or done line; false for any other output.
    mutating func read(_ text: String, context: WorkContext) -> Bool {
        guard text.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let event = object["event"] as? String else { return false }
        let number = { (key: String) in (object[key] as? NSNumber)?.doubleValue }
        switch event {
        case "progress":
            step = Int(number("step") ?? 0)
            steps = Int(number("steps") ?? 0)
            loss = number("loss") ?? loss
            guard Date().timeIntervalSince(lastLog) >= 10 || step == steps else { return true }
            lastLog = Date()
            context.logger.log(event: .trainingProgress, "training", metadata: [
                "round": "\(round)", "step": "\(step)", "steps": "\(steps)", "epoch": "\(Int(number("epoch") ?? 0))",
                "loss": "\(loss)", "tokens_per_s": "\(Int(number("tokens_per_s") ?? 0))",
                "eta_s": "\(Int(number("eta_s") ?? 0))", "backend": "command",
            ])
            return true
        case "done":
            finalLoss = number("final_loss")
            examples = Int(number("examples") ?? 0)
            return true
        default:
            return false
        }
    }
}
