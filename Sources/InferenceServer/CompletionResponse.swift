/// What `/v1/completions` answers, as far as scoring reads it.
struct CompletionResponse: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        var text: String
        var logprobs: Logprobs?
        var finishReason: String?

        enum CodingKeys: String, CodingKey { case text, logprobs, finishReason = "finish_reason" }
    }

    /// Per token: its text and its log-probability (null for a text's first token, which has no context).
    struct Logprobs: Decodable, Sendable {
        var tokens: [String]
        var tokenLogprobs: [Double?]

        enum CodingKeys: String, CodingKey { case tokens, tokenLogprobs = "token_logprobs" }
    }

    /// Token counts; `prompt_tokens` says where an echo's prompt ends and what it generated begins.
    struct Usage: Decodable, Sendable {
        var promptTokens: Int?

        enum CodingKeys: String, CodingKey { case promptTokens = "prompt_tokens" }
    }

    var choices: [Choice]
    var usage: Usage?
}
