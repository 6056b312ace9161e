/// The body of one `POST /v1/completions` (OpenAI's legacy completions API, which vLLM, SGLang and llama.cpp's
/// servers implement): greedy (temperature 0), with the prompt's log-probabilities echoed when `echo` is set.
struct CompletionRequest: Encodable, Sendable {
    var model: String
    var prompt: String
    var maxTokens: Int
    var temperature = 0.0
    /// Where generation ends besides EOS; omitted when empty.
    var stop: [String]?
    /// Log-probabilities of the top N tokens (and of the chosen one) per position.
    var logprobs: Int?
    var echo: Bool?
    var seed = 0

    enum CodingKeys: String, CodingKey {
        case model, prompt, maxTokens = "max_tokens", temperature, stop, logprobs, echo, seed
    }
}
