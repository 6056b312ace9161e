/// One sampled instance's part of a task score: its greedy output and its probability under every prompt.
///
/// JSON: `id`, `output` (the greedy text, the target), `p` ([p_i0, ..., p_ik]); with `--explain` also
/// `prompts` (the k+1 exact prompt texts, index 0 clean), `prompt_tokens` (their token ids) and
/// `target_tokens` (the target's ids, ending with EOS), so anyone can recompute every p.
public struct ScoredInstance: Sendable, Hashable, Codable {
    /// The instance's id in its task.
    public var id: String
    /// The greedy output under the clean prompt, decoded to text.
    public var output: String
    /// p_ij for j = 0 (clean) ... k.
    public var p: [Double]
    /// Mean NLL of the target under each prompt (nats per token, EOS included); p = exp(−meanNLL).
    public var meanNLL: [Double]
    /// The k+1 prompt texts, when explained.
    public var prompts: [String]?
    /// The k+1 prompts' token ids, when explained.
    public var promptTokens: [[Int32]]?
    /// The target's token ids (the re-tokenized output, then EOS), when explained.
    public var targetTokens: [Int32]?

    /// Makes an instance score.
    public init(id: String, output: String, p: [Double], meanNLL: [Double], prompts: [String]? = nil,
                promptTokens: [[Int32]]? = nil, targetTokens: [Int32]? = nil) {
        self.id = id
        self.output = output
        self.p = p
        self.meanNLL = meanNLL
        self.prompts = prompts
        self.promptTokens = promptTokens
        self.targetTokens = targetTokens
    }

    enum CodingKeys: String, CodingKey {
        case id, output, p, prompts
        case meanNLL = "mean_nll", promptTokens = "prompt_tokens", targetTokens = "target_tokens"
    }
}
