import Logging
import Model
import Tasks

/// Scores one task for prompt uncertainty against a model, exactly as method.md describes.
///
/// 1. n instances: `task.sampledInstances(n, seed:)`.
/// 2. Targets: the greedy outputs from the clean prompts (at most `maxNewTokens`, stopping at EOS), decoded
///    to text and re-tokenized; the target is `encode(output) + [EOS]`. Gold labels are not used.
/// 3. k perturbed contexts from `WordDropPerturbation(seed:dropRate:)`, shared by the task's instances.
/// 4. `p_ij = exp(−mean NLL of target_i under prompt_i^j)`, EOS counted, in one teacher-forced pass
///    (`ScoringPlan`: one group per variant, the variant's common token prefix computed once).
/// 5. uncertainty, prediction probability and the perplexity baseline from those numbers.
///
/// Prompts are fitted to the context minus `maxNewTokens` minus 1 (EOS) minus the model's BOS (when its tokenizer puts
/// one before every prompt, `BPETokenizer.encodePrompt`), so prompt + target always fits.
public struct PromptUncertaintyScorer: Sendable {
    /// The model scored against.
    public let model: Transformer
    /// The model's tokenizer; its end-of-text id ends every target.
    public let tokenizer: BPETokenizer
    /// n, k, drop rate, decoding length, seed.
    public let settings: ScoringSettings
    /// Receives one debug line per scored task.
    public let logger: Logger

    /// A scorer; throws if a setting is out of range or the model's context cannot hold the decoding length.
    public init(model: Transformer, tokenizer: BPETokenizer, settings: ScoringSettings = ScoringSettings(),
                logger: Logger) throws {
        try settings.validate()
        guard model.config.contextLength > settings.maxNewTokens + 1 else {
            throw SelectionError(.invalidOption, "max new tokens \(settings.maxNewTokens) leaves no room for a prompt "
                + "in a \(model.config.contextLength)-token context. HINT: lower --max-new-tokens")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.settings = settings
        self.logger = logger
    }

    /// The renderer every scored prompt goes through: the context minus the target's room (max new tokens + EOS) and
    /// the BOS.
    public var renderer: PromptRenderer {
        PromptRenderer(budget: PromptBudget(maxTokens: model.config.contextLength - settings.maxNewTokens - 1
                                                - tokenizer.promptOverhead, counter: tokenizer))
    }

    /// Scores `task`; with `explain`, every instance also carries its exact prompts and token ids.
    public func score(_ task: InstructionTask, explain: Bool = false) throws -> ScoredTask {
        let instances = task.sampledInstances(settings.instances, seed: settings.seed)
        let contexts = WordDropPerturbation(seed: settings.seed, dropRate: settings.dropRate)
            .variants(of: task, count: settings.perturbations)
        let renderer = self.renderer
        let texts = contexts.map { context in instances.map { renderer.render(context, input: $0.input) } }
        let prompts = texts.map { $0.map { tokenizer.encodePrompt($0) } }
        let outputs = try decode(prompts[0])
        let targets = outputs.map(target)
        let plan = ScoringPlan(prompts: prompts, targets: targets)
        let losses = try plan.meanNLL(model, prefixReuse: settings.prefixReuse)  // [j][i]
        let scored = instances.indices.map { i in
            let nll = losses.map { $0[i] }
            return ScoredInstance(id: instances[i].id, output: outputs[i], p: nll.map(PromptUncertainty.probability),
                                  meanNLL: nll, prompts: explain ? texts.map { $0[i] } : nil,
                                  promptTokens: explain ? prompts.map { $0[i] } : nil,
                                  targetTokens: explain ? targets[i] : nil)
        }
        let p = scored.map(\.p)
        let row = TaskScore(task: task.id, kind: task.kind,
                            promptUncertainty: PromptUncertainty.uncertainty(p),
                            predictionProbability: PromptUncertainty.predictionProbability(p),
                            perplexity: PromptUncertainty.perplexity(cleanMeanNLL: losses[0]),
                            definition: task.definition)
        logger.debug("task scored", metadata: [
            "task.id": "\(task.id)", "score.uncertainty": "\(row.promptUncertainty)",
            "score.probability": "\(row.predictionProbability)", "score.perplexity": "\(row.perplexity)",
        ])
        return ScoredTask(score: row, instances: scored)
    }

    /// Greedy outputs, as text, of the clean prompts, decoded `decodeBatchSize` at a time (sharing their
    /// common prefix when `prefixReuse` is on).
    private func decode(_ prompts: [[Int32]]) throws -> [String] {
        let size = settings.decodeBatchSize > 0 ? settings.decodeBatchSize : prompts.count
        return try stride(from: 0, to: prompts.count, by: size).flatMap { start in
            try model.greedyDecode(prompts: Array(prompts[start..<min(start + size, prompts.count)]),
                                   maxNewTokens: settings.maxNewTokens, stopToken: tokenizer.eosID,
                                   sharePrefix: settings.prefixReuse, stop: StopSequence(settings.stopSequence),
                                   tokenizer: tokenizer)
                .map { tokenizer.decode($0.tokens) }
        }
    }

    /// The target of an output text: its tokens (at most `maxNewTokens`: re-encoding bytes that were not
    /// UTF-8 can lengthen it) and then EOS.
    private func target(_ output: String) -> [Int32] {
        Array(tokenizer.encode(output).prefix(settings.maxNewTokens)) + [tokenizer.eosID]
    }
}
