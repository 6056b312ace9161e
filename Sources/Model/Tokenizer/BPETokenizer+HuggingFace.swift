import Foundation

extension BPETokenizer {
    /// Loads an HF `tokenizers` `tokenizer.json` of GPT-2's kind: model type "BPE", a ByteLevel pre-tokenizer
    /// without prefix space, no normalizer. Added tokens (such as `<|endoftext|>`) join the vocabulary.
    public convenience init(huggingFaceFile url: URL) throws {
        let root = try JSONSerialization.jsonObject(with: try Self.read(url)) as? [String: Any]
        func unsupported(_ what: String) -> TokenizerError {
            TokenizerError(.unsupportedFormat, "\(url.path): \(what); only GPT-2 style byte-level BPE is supported. "
                + "HINT: export vocab.json + merges.txt instead, or use a GPT-2 tokenizer.json")
        }
        guard let root, let model = root["model"] as? [String: Any] else { throw unsupported("no \"model\" object") }
        guard model["type"] as? String == "BPE" else { throw unsupported("model.type is not \"BPE\"") }
        guard root["normalizer"] == nil || root["normalizer"] is NSNull else { throw unsupported("it has a normalizer") }
        guard let preTokenizer = root["pre_tokenizer"] as? [String: Any],
              Self.isGPT2ByteLevel(preTokenizer) else {
            throw unsupported("the pre-tokenizer is not ByteLevel with add_prefix_space false")
        }
        if model["ignore_merges"] as? Bool == true { throw unsupported("model.ignore_merges is true") }
        guard let vocabularyObject = model["vocab"] as? [String: Any] else { throw unsupported("model.vocab is missing") }
        var vocabulary: [String: Int] = [:]
        for (text, id) in vocabularyObject {
            guard let id = id as? Int else { throw unsupported("vocab entry \"\(text)\" has no integer id") }
            vocabulary[text] = id
        }
        for case let added as [String: Any] in root["added_tokens"] as? [Any] ?? [] {
            if let text = added["content"] as? String, let id = added["id"] as? Int { vocabulary[text] = id }
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
        try self.init(vocabulary: vocabulary, merges: merges)
    }

    /// Whether a pre-tokenizer (possibly a Sequence) is exactly GPT-2's ByteLevel split.
    private static func isGPT2ByteLevel(_ object: [String: Any]) -> Bool {
        switch object["type"] as? String {
        case "ByteLevel":
            return object["add_prefix_space"] as? Bool != true && object["use_regex"] as? Bool != false
        case "Sequence":
            let steps = object["pretokenizers"] as? [[String: Any]] ?? []
            return steps.count == 1 && isGPT2ByteLevel(steps[0])
        default:
            return false
        }
    }
}
