import Dispatch
import InferenceServer
import Logging
import Model
import Selection
import Synchronization
import Tasks

/// Scores the pool on an OpenAI-compatible completions server (`experiment --config` with
/// `scoring.backend = "openai"`): each cell's model is first handed to the server (`handOver`: in the command, the
/// configuration's `rotation.command` on the model's HF and GGUF export), then every task is scored by
/// `ServerScorer`, which computes what `UncertaintyPoolScorer` computes with the built-in engine. As there, the
/// perplexity baselines skip the perturbed prompts (k = 0).
public final class ServerPoolScorer: PoolScorer, Sendable {
    /// Makes `model` (the model of cell `key`) the one the server answers with; returns once it does.
    public typealias HandOver = @Sendable (_ model: Transformer, _ tokenizer: BPETokenizer, _ key: String) throws -> Void

    private let server: ServerSettings
    private let settings: ScoringSettings
    private let handOver: HandOver
    private let logger: Logger
    /// The cell whose model the server holds now, so scoring one model twice (a perplexity pass, then prompt
    /// uncertainty) hands it over once.
    private let served = Mutex<String?>(nil)

    /// A scorer on `server` with the method's `settings`, handing models over with `handOver`.
    public init(server: ServerSettings, settings: ScoringSettings, logger: Logger, handOver: @escaping HandOver) {
        self.server = server
        self.settings = settings
        self.handOver = handOver
        self.logger = logger
    }

    public func scores(_ tasks: [InstructionTask], model: Transformer, tokenizer: BPETokenizer,
                       for strategy: SelectionStrategy, modelKey: String) throws -> [TaskScore] {
        var used = settings
        if [.highPerplexity, .lowPerplexity].contains(strategy) { used.perturbations = 0 }
        if served.withLock({ $0 }) != modelKey {
            served.withLock { $0 = nil }
            try handOver(model, tokenizer, modelKey)
            served.withLock { $0 = modelKey }
        }
        let scorer = try ServerScorer(server: server, settings: used, tokenizer: tokenizer,
                                      contextLength: model.config.contextLength, logger: logger)
        return try Self.wait {
            var rows: [TaskScore] = []
            for task in tasks { rows.append(try await scorer.score(task).score) }
            return rows
        }
    }

    /// Runs `operation` to its end from synchronous code (the experiment runner's thread, which is not one of
    /// Swift concurrency's: blocking it starves no task).
    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
            box.value.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try box.value.withLock { $0 }!.get()
    }
}

/// Where a detached task leaves its result for the thread waiting on it.
private final class ResultBox<T: Sendable>: Sendable {
    let value = Mutex<Result<T, any Error>?>(nil)
}
