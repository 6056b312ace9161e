import Foundation

extension BPETokenizer {
    /// Loads an HF `tokenizers` `tokenizer.json` of byte-level BPE: GPT-2's, SmolLM2's, Llama 3's or Qwen2's kind.
    ///
    /// Recognised: `model.type` "BPE" (with `ignore_merges`, no `byte_fallback`, no dropout or affixes); normalizer
    /// null or NFC; pre-tokenizer ByteLevel (GPT-2), `Sequence[Digits(individual_digits), ByteLevel]` (SmolLM2) or
    /// `Sequence[Split(pattern, Isolated), ByteLevel(use_regex=false)]` with the Llama 3 or Qwen2 pattern;
    /// `added_tokens` without `lstrip`/`rstrip`/`single_word`. Anything else is refused with the reason.
    /// The post-processor is read for one thing: a `TemplateProcessing` (alone or in a `Sequence`, as Llama 3 has it)
    /// whose single-sequence template starts with a special token makes that token the BOS of every prompt
    /// (`bosID`, added by `encodePrompt`); anything else it does is ignored. The decoder is not read (byte-level).
    ///
    /// Bytes the vocabulary has no token for are dropped, as HF does for a BPE model without an unknown token.
    /// The end-of-sequence token is `endOfSequence` when given (from the model's `config.json` or
    /// `generation_config.json`: a `tokenizer.json` does not say which token ends a sequence), else `<|endoftext|>`.
    public convenience init(huggingFaceFile url: URL, endOfSequence: Int32? = nil) throws {
        let object = try? JSONSerialization.jsonObject(with: try Self.read(url))
        func unsupported(_ what: String, _ hint: String = "export vocab.json + merges.txt instead, or use the "
                         + "tokenizer.json of a GPT-2, SmolLM2, Llama 3 or Qwen2 model") -> TokenizerError {
            TokenizerError(.unsupportedFormat, "\(url.path): \(what); only byte-level BPE of GPT-2, SmolLM2, "
                + "Llama 3 or Qwen2 is supported", hint: hint)
        }
        guard let root = object as? [String: Any], let model = root["model"] as? [String: Any] else {
            throw unsupported("no \"model\" object")
        }
        guard model["type"] as? String == "BPE" else { throw unsupported("model.type is not \"BPE\"") }
        if model["byte_fallback"] as? Bool == true { throw unsupported("model.byte_fallback is true") }
        if let dropout = model["dropout"], !(dropout is NSNull) { throw unsupported("model.dropout is set") }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let affix = model[key], !(affix is NSNull), affix as? String != "" {
                throw unsupported("model.\(key) is \"\(affix)\"")
            }
        }
        let normalization = try Self.normalization(root["normalizer"], unsupported: unsupported)
        guard let preTokenizerObject = root["pre_tokenizer"] as? [String: Any] else {
            throw unsupported("it has no pre_tokenizer")
        }
        let preTokenization = try Self.preTokenization(preTokenizerObject, url: url, unsupported: unsupported)
        guard let vocabularyObject = model["vocab"] as? [String: Any] else { throw unsupported("model.vocab is missing") }
        var vocabulary: [String: Int] = [:]
        for (text, id) in vocabularyObject {
            guard let id = id as? Int else { throw unsupported("vocab entry \"\(text)\" has no integer id") }
            vocabulary[text] = id
        }
        var addedTokens: [AddedToken] = []
        for case let added as [String: Any] in root["added_tokens"] as? [Any] ?? [] {
            guard let text = added["content"] as? String, let id = added["id"] as? Int, let id32 = Int32(exactly: id) else {
                throw unsupported("an added token has no content or id")
            }
            for flag in ["lstrip", "rstrip", "single_word"] where added[flag] as? Bool == true {
                throw unsupported("added token \"\(text)\" sets \(flag), which activetune does not implement",
                                  "set \(flag) to false in the file if the model does not depend on it")
            }
            if let existing = vocabulary[text], existing != id {
                throw TokenizerError(.malformedVocabulary, "\(url.path): added token \"\(text)\" has id \(id) but the "
                    + "vocabulary gives it id \(existing)", hint: "the file is inconsistent; re-save it with HF tokenizers")
            }
            vocabulary[text] = id
            addedTokens.append(AddedToken(id: id32, text: text, special: added["special"] as? Bool ?? false,
                                          normalized: added["normalized"] as? Bool ?? false))
        }
        if let unknown = model["unk_token"] as? String {
            // HF emits the unknown token for a byte the vocabulary lacks; we drop such bytes instead, so only a
            // vocabulary with all 256 byte tokens (where it can never be emitted) is equivalent.
            let hasAllBytes = (0...255).allSatisfy { vocabulary[ByteLevelAlphabet.text(of: [UInt8($0)])] != nil }
            guard hasAllBytes else { throw unsupported("model.unk_token is \"\(unknown)\" and some bytes lack a token") }
        }
        var merges: [(String, String)] = []
        for merge in model["merges"] as? [Any] ?? [] {
            // Older files write "left right"; newer ones ["left", "right"].
            if let line = merge as? String {
                merges += try Self.parseMerges(line, file: url.path)
            } else if let pair = merge as? [String], pair.count == 2 {
                merges.append((pair[0], pair[1]))
            } else {
                throw TokenizerError(.malformedMerges, "\(url.path): merge \(merges.count + 1) is neither "
                    + "\"left right\" nor [left, right]. HINT: check that the file is a tokenizer.json")
            }
        }
        try self.init(vocabulary: vocabulary, merges: merges, endOfSequence: endOfSequence, droppingMissingBytes: true,
                      preTokenization: preTokenization, normalization: normalization, addedTokens: addedTokens,
                      ignoreMerges: model["ignore_merges"] as? Bool ?? false,
                      beginningOfSequence: Self.beginningOfSequence(root["post_processor"]))
    }

    /// The id of the special token a `TemplateProcessing` post-processor puts before a single sequence, if any.
    private static func beginningOfSequence(_ object: Any?) -> Int32? {
        guard let processor = object as? [String: Any] else { return nil }
        if processor["type"] as? String == "Sequence" {
            return (processor["processors"] as? [Any] ?? []).lazy.compactMap(beginningOfSequence).first
        }
        guard processor["type"] as? String == "TemplateProcessing",
              let first = (processor["single"] as? [Any])?.first as? [String: Any],
              let special = first["SpecialToken"] as? [String: Any], let name = special["id"] as? String,
              let entry = (processor["special_tokens"] as? [String: Any])?[name] as? [String: Any],
              let ids = entry["ids"] as? [Int], ids.count == 1 else { return nil }
        return Int32(exactly: ids[0])
    }

    /// The normalizer: none, or NFC (alone or as the one step of a Sequence).
    private static func normalization(_ object: Any?, unsupported: (String, String) -> TokenizerError)
        throws -> Normalization {
        guard let object, !(object is NSNull) else { return .none }
        let type = (object as? [String: Any])?["type"] as? String
        if type == "NFC" { return .nfc }
        if type == "Sequence", let steps = (object as? [String: Any])?["normalizers"] as? [Any] {
            if steps.isEmpty { return .none }
            if steps.count == 1 { return try normalization(steps[0], unsupported: unsupported) }
        }
        throw unsupported("the normalizer is \(type.map { "\"\($0)\"" } ?? "not an object"), but only none or NFC "
            + "is implemented", "use a tokenizer.json whose normalizer is null or {\"type\": \"NFC\"}")
    }

    /// The pre-tokenization a `pre_tokenizer` object describes.
    private static func preTokenization(_ object: [String: Any], url: URL,
                                        unsupported: (String, String) -> TokenizerError) throws -> PreTokenization {
        let hint = "use a tokenizer.json with GPT-2's ByteLevel, SmolLM2's Digits + ByteLevel, or the Llama 3 / Qwen2 "
            + "Split + ByteLevel(use_regex=false) pre-tokenizer"
        func byteLevel(_ step: [String: Any], regex: Bool) throws {
            guard step["type"] as? String == "ByteLevel" else {
                throw unsupported("pre-tokenizer step \"\(step["type"] as? String ?? "?")\" is not ByteLevel", hint)
            }
            guard step["add_prefix_space"] as? Bool != true else {
                throw unsupported("the ByteLevel pre-tokenizer sets add_prefix_space", hint)
            }
            guard (step["use_regex"] as? Bool ?? true) == regex else {
                throw unsupported("the ByteLevel pre-tokenizer has use_regex \(!regex) where \(regex) is needed", hint)
            }
        }
        let steps: [[String: Any]]
        switch object["type"] as? String {
        case "ByteLevel":
            steps = [object]
        case "Sequence":
            steps = object["pretokenizers"] as? [[String: Any]] ?? []
        default:
            throw unsupported("the pre-tokenizer is \"\(object["type"] as? String ?? "?")\"", hint)
        }
        switch steps.count {
        case 1:
            try byteLevel(steps[0], regex: true)
            return .gpt2
        case 2 where steps[0]["type"] as? String == "Digits":
            guard steps[0]["individual_digits"] as? Bool == true else {
                throw unsupported("the Digits pre-tokenizer keeps digit runs together (individual_digits false)", hint)
            }
            try byteLevel(steps[1], regex: true)
            return .smollm
        case 2 where steps[0]["type"] as? String == "Split":
            let split = steps[0]
            guard let pattern = (split["pattern"] as? [String: Any])?["Regex"] as? String else {
                throw unsupported("the Split pre-tokenizer has no Regex pattern", hint)
            }
            guard let kind = PreTokenization.allCases.first(where: { $0.splitPattern == pattern }) else {
                throw TokenizerError(.unsupportedFormat, "\(url.path): the Split pre-tokenizer's pattern "
                    + "\(pattern.debugDescription) is neither Llama 3's nor Qwen2's, and no other is implemented",
                    hint: "use a Llama 3 or Qwen2 tokenizer.json, or add this pattern to BPETokenizer.PreTokenization")
            }
            guard split["behavior"] as? String == "Isolated", split["invert"] as? Bool != true else {
                throw unsupported("the Split pre-tokenizer's behavior is not Isolated (or it is inverted)", hint)
            }
            try byteLevel(steps[1], regex: false)
            return kind
        default:
            throw unsupported("the pre-tokenizer sequence of \(steps.count) steps is not a known one", hint)
        }
    }
}
