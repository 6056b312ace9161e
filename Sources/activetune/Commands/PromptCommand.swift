import ArgumentParser
import Foundation
import Model
import Selection
import Tasks

/// `activetune prompt`: prints exactly the text the model is given for one instance.
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Print the exact prompt the model sees for one task instance.",
        discussion: """
            Prints the prompt with nothing added (no final newline). Variant 0 is the clean prompt; variants
            1...K drop each word of the definition and of the positive examples' inputs with the drop rate,
            as prompt-uncertainty scoring does. Defaults are the scorer's: seed 0, K = 10, drop rate 0.2.
            The prompt is fitted to the default model's source budget, 1024 - 128 - 1 = 895 tokens of the embedded
            tokenizer (context minus the scorer's 128 new tokens and EOS), as scoring fits it.
            Exit status: 64 for bad arguments (unknown task, instance out of range), 65 for an invalid file.
            """
    )

    @Argument(help: ArgumentHelp("An NIV2 or Self-Instruct task file.", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("The task's id (default: the file's first task).", valueName: "ID"))
    var task: String?

    @Option(help: ArgumentHelp("The instance's 0-based index within the task.", valueName: "N"))
    var instance = 0

    @Option(help: ArgumentHelp("The variant: 0 is clean, 1...K perturbed.", valueName: "J"))
    var perturbation = 0

    @Option(help: ArgumentHelp("Seed of the perturbations.", valueName: "S"))
    var seed: UInt64 = WordDropPerturbation.defaultSeed

    @Option(name: .customLong("drop-rate"), help: ArgumentHelp("Probability of dropping each word, 0...1.", valueName: "P"))
    var dropRate = WordDropPerturbation.defaultDropRate

    @Option(help: ArgumentHelp("The number K of perturbed variants per task.", valueName: "K"))
    var perturbations = WordDropPerturbation.defaultVariantCount

    func validate() throws {
        guard (0...1).contains(dropRate) else { throw ValidationError("--drop-rate must be between 0 and 1.") }
        guard perturbations >= 0 else { throw ValidationError("--perturbations must be 0 or more.") }
        guard (0...perturbations).contains(perturbation) else {
            throw ValidationError("--perturbation must be between 0 and --perturbations (\(perturbations)).")
        }
        guard instance >= 0 else { throw ValidationError("--instance must be 0 or more.") }
    }

    func run() throws {
        // The scorer's budget for the default model: its context minus the target's room (max new tokens + EOS).
        let budget = PromptBudget(maxTokens: ModelConfig.default.contextLength - ScoringSettings().maxNewTokens - 1,
                                  counter: try BPETokenizer.embeddedDefault())
        FileHandle.standardOutput.write(Data(try prompt(budget: budget).utf8))
    }

    /// The prompt, fitted to `budget` when one is given (nil: unbounded).
    func prompt(budget: PromptBudget?) throws -> String {
        let taskFile: TaskFile
        do {
            taskFile = try TaskFileReader().read(contentsOf: URL(fileURLWithPath: file), name: file)
        } catch {
            throw fail("\(error)", status: 65)
        }
        guard let chosen = task.map({ id in taskFile.tasks.first { $0.id == id } }) ?? taskFile.tasks.first else {
            let known = taskFile.tasks.prefix(5).map(\.id).joined(separator: ", ")
            throw fail("\(file) has no task \"\(task ?? "")\"; its tasks include: \(known)", status: 64)
        }
        guard instance < chosen.instances.count else {
            throw fail("task \(chosen.id) has \(chosen.instances.count) instances; --instance must be below that", status: 64)
        }
        let context = WordDropPerturbation(seed: seed, dropRate: dropRate).variant(perturbation, of: chosen)
        return PromptRenderer(budget: budget).render(context, input: chosen.instances[instance].input)
    }

    private func fail(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(status)
    }
}
