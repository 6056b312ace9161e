extension BPETokenizer {
    /// How text is cut into pre-tokens before merging; each case has the exact semantics of the HF `tokenizers`
    /// pre-tokenizer named, hand-written over Unicode scalars (`PreTokenizer`).
    public enum PreTokenization: String, Sendable, Codable, CaseIterable {
        /// GPT-2: `ByteLevel(add_prefix_space=false)` with its regex
        /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
        case gpt2
        /// SmolLM2: `Sequence[Digits(individual_digits=true), ByteLevel]`: every `\p{N}` scalar is a pre-token of
        /// its own, and GPT-2's regex runs on the text between them (its `(?!\S)` sees each piece's end as the end).
        case smollm
        /// Llama 3: `Split(llama3Pattern, Isolated)` then `ByteLevel(use_regex=false)`.
        case llama3
        /// Qwen2: `Split(qwen2Pattern, Isolated)` then `ByteLevel(use_regex=false)`; numbers one scalar at a time.
        case qwen2

        /// The Llama 3 split pattern, exactly as Llama 3's `tokenizer.json` (and llama.cpp's `llama-bpe`) spell it.
        public static let llama3Pattern = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"#
            + #"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        /// The Qwen2 split pattern, exactly as Qwen2's `tokenizer.json` spells it (`\p{N}` instead of `\p{N}{1,3}`).
        public static let qwen2Pattern = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"#
            + #"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

        /// The `Split` regex of this pre-tokenization, or nil when it is not a `Split` (GPT-2, SmolLM2).
        public var splitPattern: String? {
            switch self {
            case .gpt2, .smollm: nil
            case .llama3: Self.llama3Pattern
            case .qwen2: Self.qwen2Pattern
            }
        }
    }

    /// The normalizer run on text (outside added tokens) before pre-tokenization.
    public enum Normalization: String, Sendable, Codable, CaseIterable {
        /// None: the text's own scalars (GPT-2, SmolLM2, Llama 3).
        case none
        /// Unicode NFC, as Qwen2's `tokenizer.json` asks (`{"type": "NFC"}`).
        case nfc
    }

    /// Whether `encode` recognises added tokens (`<|im_start|>`, ...) written in the text.
    public enum SpecialTokens: Sendable {
        /// Added tokens in the text are plain text, cut and merged like any other characters: user text can never
        /// produce a control token. activetune's prompts are built from task files, so this is the default.
        case asText
        /// Every added token (special or not) written in the text becomes its one id, leftmost-longest first, as
        /// HF `tokenizers`' `encode` and transformers' `tokenizer(text)` do by default.
        case match
    }
}
