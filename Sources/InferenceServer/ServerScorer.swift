import AsyncHTTPClient
import Foundation
import Logging
import Model
import Selection
import Tasks

/// Scores a task for prompt uncertainty on an OpenAI-compatible completions server (`scoring.backend = "openai"`),
/// computing what `PromptUncertaintyScorer` computes with the built-in engine (method.md):
///
/// 1. the same n instances, k perturbed contexts and prompt texts (fitted with the served model's tokenizer to the
///    context minus the decoding length, EOS and BOS);
/// 2. targets: one greedy completion per clean prompt (`temperature` 0, `max_tokens` = max new tokens, `stop` = the
///    stop sequence), the text the server returns;
/// 3. p_ij: one request per prompt variant and instance with the text prompt + target + the EOS token's text,
///    `echo` on and `logprobs`: the target's tokens are the last |target| echoed ones (|target| from the served
///    model's tokenizer: the answer's tokens and EOS), and p_ij = exp(mean of their log-probabilities), EOS
///    included, as the local scorer's teacher-forced pass.
///
/// Requests run up to `ServerSettings.concurrency` at a time. Every task checks that the server's echoed
/// log-probabilities are each token's given the ones before it: the first answer token's echoed value must equal
/// the one the greedy request reported for it. llama-cpp-python's server (0.3.36) fails this for models that put no
/// BOS first (SmolLM2): it reports each token's log-probability at its own position, e.g. −6.15 for " Rome" where
/// the model gives −1.895 (README); such a server is refused (`misaligned`) rather than trusted.
///
/// What the server cannot give exactly as the local engine does: it tokenizes prompt and target as one text (the
/// local scorer tokenizes them apart; they differ only when BPE merges across `Output:` and the answer), and its
/// numbers come from another engine's kernels (a tolerance, README).
public struct ServerScorer: Sendable {
    /// n, k, drop rate, decoding length, seed, stop sequence: the method's settings.
    public let settings: ScoringSettings
    /// The served model's tokenizer: fits prompts to its context and names its EOS token.
    public let tokenizer: BPETokenizer
    /// The served model's context length.
    public let contextLength: Int
    private let client: CompletionsClient
    private let logger: Logger

    /// Mean absolute difference (nats) between echoed and generated log-probabilities of the first answer tokens
    /// above which the server is misaligned: engines agree to ~1e-3 with themselves; the shifted values differ by nats.
    static let alignmentTolerance = 0.25

    /// A scorer on `server`; throws if a setting is out of range or the context cannot hold the decoding length.
    public init(server: ServerSettings, settings: ScoringSettings, tokenizer: BPETokenizer, contextLength: Int,
                httpClient: HTTPClient = .shared, logger: Logger) throws {
        try settings.validate()
        guard contextLength > settings.maxNewTokens + 1 + tokenizer.promptOverhead else {
            throw SelectionError(.invalidOption, "max new tokens \(settings.maxNewTokens) leaves no room for a prompt "
                + "in a \(contextLength)-token context. HINT: lower scoring.max_new_tokens")
        }
        guard !server.url.isEmpty, !server.model.isEmpty else {
            throw ServerError(.invalidSettings, "scoring on a server needs its URL and model name",
                              hint: "set scoring.url and scoring.model")
        }
        self.settings = settings
        self.tokenizer = tokenizer
        self.contextLength = contextLength
        self.client = CompletionsClient(settings: server, client: httpClient, logger: logger)
        self.logger = logger
        self.limit = max(1, server.concurrency)
    }

    private let limit: Int

    /// The renderer every prompt goes through, as the local scorer's.
    public var renderer: PromptRenderer {
        PromptRenderer(budget: PromptBudget(maxTokens: contextLength - settings.maxNewTokens - 1 - tokenizer.promptOverhead,
                                            counter: tokenizer))
    }

    /// Scores `task` on the server; with `explain`, every instance also carries its exact prompt texts.
    public func score(_ task: InstructionTask, explain: Bool = false) async throws -> ScoredTask {
        let instances = task.sampledInstances(settings.instances, seed: settings.seed)
        let contexts = WordDropPerturbation(seed: settings.seed, dropRate: settings.dropRate)
            .variants(of: task, count: settings.perturbations)
        let renderer = self.renderer
        let texts = contexts.map { context in instances.map { renderer.render(context, input: $0.input) } }
        let generated = try await concurrently(texts[0]) { try await self.generate($0) }
        let outputs = generated.map(\.text)
        let pairs = texts.indices.flatMap { j in instances.indices.map { (j, $0) } }
        let echoed = try await concurrently(pairs) { pair in
            try await self.target(prompt: texts[pair.0][pair.1], output: outputs[pair.1])
        }
        try checkAlignment(generated: generated, echoed: Array(echoed.prefix(instances.count)))
        let losses = texts.indices.map { j in instances.indices.map { i in echoed[j * instances.count + i].meanNLL } }
        let scored = instances.indices.map { i in
            let nll = losses.map { $0[i] }
            return ScoredInstance(id: instances[i].id, output: outputs[i], p: nll.map(PromptUncertainty.probability),
                                  meanNLL: nll, prompts: explain ? texts.map { $0[i] } : nil)
        }
        let p = scored.map(\.p)
        let row = TaskScore(task: task.id, kind: task.kind, promptUncertainty: PromptUncertainty.uncertainty(p),
                            predictionProbability: PromptUncertainty.predictionProbability(p),
                            perplexity: PromptUncertainty.perplexity(cleanMeanNLL: losses[0]), definition: task.definition)
        logger.debug("task scored on the server", metadata: [
            "task.id": "\(task.id)", "score.uncertainty": "\(row.promptUncertainty)",
        ])
        return ScoredTask(score: row, instances: scored)
    }

    /// A greedy answer and, when the server reported it, its first token's text and log-probability.
    struct Generated: Sendable {
        var text: String
        var first: (token: String, logprob: Double)?
    }

    /// The target's tokens as the server scored them after its prompt.
    struct Echoed: Sendable {
        var tokens: [String]
        var logprobs: [Double]
        var meanNLL: Double { logprobs.isEmpty ? 0 : -logprobs.reduce(0, +) / Double(logprobs.count) }
    }

    private func generate(_ prompt: String) async throws -> Generated {
        let stop = settings.stopSequence.isEmpty ? nil : [settings.stopSequence]
        let response = try await client.complete(CompletionRequest(model: client.settings.model, prompt: prompt,
                                                                   maxTokens: settings.maxNewTokens, stop: stop, logprobs: 1))
        guard let choice = response.choices.first else { throw malformed("a completion without choices") }
        var first: (token: String, logprob: Double)?
        if let logprobs = choice.logprobs, let token = logprobs.tokens.first, let value = logprobs.tokenLogprobs.first ?? nil {
            first = (token, value)
        }
        return Generated(text: choice.text, first: first)
    }

    private func target(prompt: String, output: String) async throws -> Echoed {
        guard let eos = tokenizer.tokenText(tokenizer.eosID) else { throw malformed("the tokenizer has no EOS text") }
        // The local target keeps at most max-new-tokens tokens of the answer (re-encoding can lengthen it); so here.
        var answer = tokenizer.encode(output)
        if answer.count > settings.maxNewTokens { answer = Array(answer.prefix(settings.maxNewTokens)) }
        let target = answer.count == tokenizer.encode(output).count ? output : tokenizer.decode(answer)
        let response = try await client.complete(CompletionRequest(model: client.settings.model, prompt: prompt + target + eos,
                                                                   maxTokens: 1, logprobs: 1, echo: true))
        guard let logprobs = response.choices.first?.logprobs, logprobs.tokens.count == logprobs.tokenLogprobs.count else {
            throw malformed("an echo without per-token log-probabilities")
        }
        // The echo holds the prompt's tokens, then on some servers what the request generated. `usage.prompt_tokens`
        // counts a BOS the server put first; vLLM echoes it, llama-cpp-python leaves it out (its first echoed token is
        // the text's), so the prompt ends one entry earlier there. Before that end come the target's tokens: as many as
        // the served model's tokenizer gives the answer, plus EOS, the local scorer's target. Counted, not located by
        // `text_offset`, which servers measure differently (llama-cpp-python counts a special token as no characters).
        guard let promptTokens = response.usage?.promptTokens else { throw malformed("an echo without usage.prompt_tokens") }
        let bosText = tokenizer.bosID.flatMap(tokenizer.tokenText)
        let echoesBOS = bosText != nil && logprobs.tokens.first == bosText
        let echoed = min(logprobs.tokens.count, promptTokens - (bosText != nil && !echoesBOS ? 1 : 0))
        let length = answer.count + 1
        guard echoed > length else {
            throw malformed("an echo of \(echoed) prompt tokens for a prompt and a \(length)-token answer")
        }
        var span = Echoed(tokens: [], logprobs: [])
        for index in (echoed - length)..<echoed {
            guard let value = logprobs.tokenLogprobs[index] else { throw malformed("a target token without a log-probability") }
            span.tokens.append(logprobs.tokens[index])
            span.logprobs.append(value)
        }
        return span
    }

    /// Refuses a server whose echoed log-probability of each clean answer's first token is not the one it reported
    /// when it generated that token.
    func checkAlignment(generated: [Generated], echoed: [Echoed]) throws {
        let pairs = zip(generated, echoed).compactMap { generated, echoed -> (Double, Double)? in
            guard let first = generated.first, echoed.tokens.first == first.token, let value = echoed.logprobs.first else { return nil }
            return (first.logprob, value)
        }
        guard !pairs.isEmpty else { return }
        let difference = pairs.reduce(0) { $0 + abs($1.0 - $1.1) } / Double(pairs.count)
        guard difference <= Self.alignmentTolerance else {
            let example = pairs[0]
            throw ServerError(.misaligned, "\(client.settings.completionsURL) echoes prompt log-probabilities that are not "
                + "each token's given the ones before it: an answer's first token has log-probability "
                + "\(String(format: "%.3f", example.0)) when generated but \(String(format: "%.3f", example.1)) when echoed "
                + "(mean difference \(String(format: "%.2f", difference)) nats over \(pairs.count) answers)",
                hint: "llama-cpp-python's server does this for models that put no BOS first (README: scoring on a server); "
                    + "use a server that returns them right (vLLM), or scoring.backend = \"local\"")
        }
    }

    private func malformed(_ what: String) -> ServerError {
        ServerError(.malformed, "\(client.settings.completionsURL) answered \(what)",
                    hint: "scoring.url must name an OpenAI-compatible server that supports echo with logprobs (vLLM, llama-cpp-python)")
    }

    /// `body` over `items`, at most `limit` at a time, results in the order of `items`.
    private func concurrently<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (Item) async throws -> Result) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            while next < min(limit, items.count) {
                let index = next
                group.addTask { (index, try await body(items[index])) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count {
                    let index = next
                    group.addTask { (index, try await body(items[index])) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
