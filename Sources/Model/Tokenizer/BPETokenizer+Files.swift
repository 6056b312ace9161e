import Foundation
import Safetensors

extension BPETokenizer {
    /// The vocabulary file's name in GPT-2's layout.
    public static let vocabularyFileName = "vocab.json"
    /// The merges file's name in GPT-2's layout.
    public static let mergesFileName = "merges.txt"
    /// HF `tokenizers`' single-file format.
    public static let huggingFaceFileName = "tokenizer.json"

    /// Builds a tokenizer from a map of token text to id (dense, `0..<count`) and merges in rank order. The
    /// vocabulary must have all 256 byte tokens; the end-of-sequence token is `endOfSequence`, else `<|endoftext|>`;
    /// each added token's text must be the vocabulary's text for its id.
    public convenience init(vocabulary: [String: Int], merges: [(String, String)], endOfSequence: Int32? = nil,
                            preTokenization: PreTokenization = .gpt2, normalization: Normalization = .none,
                            addedTokens: [AddedToken] = [], ignoreMerges: Bool = false) throws {
        try self.init(vocabulary: vocabulary, merges: merges, endOfSequence: endOfSequence, droppingMissingBytes: false,
                      preTokenization: preTokenization, normalization: normalization, addedTokens: addedTokens,
                      ignoreMerges: ignoreMerges)
    }

    /// `init(vocabulary:merges:...)`, optionally dropping bytes the vocabulary has no token for (a model file's).
    convenience init(vocabulary: [String: Int], merges: [(String, String)], endOfSequence: Int32?,
                     droppingMissingBytes: Bool, preTokenization: PreTokenization, normalization: Normalization,
                     addedTokens: [AddedToken], ignoreMerges: Bool, beginningOfSequence: Int32? = nil) throws {
        var tokens = [String?](repeating: nil, count: vocabulary.count)
        for (text, id) in vocabulary {
            guard tokens.indices.contains(id), tokens[id] == nil else {
                throw TokenizerError(.malformedVocabulary, "token \"\(text)\" has id \(id), but ids must be "
                    + "0..<\(vocabulary.count) with none repeated. HINT: use a GPT-2 style vocab.json")
            }
            tokens[id] = text
        }
        let dense = tokens.compactMap { $0 }
        var idForText: [String: Int32] = [:]
        for (id, text) in dense.enumerated() { idForText[text] = Int32(id) }
        let pairs = try merges.enumerated().map { rank, merge in
            guard let left = idForText[merge.0], let right = idForText[merge.1] else {
                throw TokenizerError(.malformedMerges, "merge \(rank + 1) \"\(merge.0) \(merge.1)\" names a token "
                    + "that is not in the vocabulary. HINT: the merges do not belong to this vocabulary")
            }
            return (left, right)
        }
        try self.init(tokens: dense, merges: pairs, endOfSequence: endOfSequence, droppingMissingBytes: droppingMissingBytes,
                      preTokenization: preTokenization, normalization: normalization, addedTokens: addedTokens,
                      ignoreMerges: ignoreMerges, beginningOfSequence: beginningOfSequence)
    }

    /// Builds a tokenizer from the contents of `vocab.json` and `merges.txt` (e.g. as stored in a checkpoint);
    /// `source` names where they came from in error messages.
    public convenience init(vocabularyJSON: Data, mergesText: String, source: String = "tokenizer") throws {
        let vocabulary: [String: Int]
        do {
            vocabulary = try JSONDecoder().decode([String: Int].self, from: vocabularyJSON)
        } catch {
            throw TokenizerError(.malformedVocabulary, "\(source)/vocab.json is not a JSON object of token to "
                + "id: \(error). HINT: pass GPT-2's vocab.json")
        }
        try self.init(vocabulary: vocabulary, merges: try Self.parseMerges(mergesText, file: source + "/merges.txt"))
    }

    /// Loads GPT-2's `vocab.json` and `merges.txt` (the `#version` header line is skipped).
    public convenience init(vocabularyFile: URL, mergesFile: URL) throws {
        try self.init(vocabularyJSON: try Self.read(vocabularyFile),
                      mergesText: String(decoding: try Self.read(mergesFile), as: UTF8.self),
                      source: vocabularyFile.deletingLastPathComponent().path)
    }

    /// Loads `vocab.json` and `merges.txt` from one directory.
    public convenience init(directory: URL) throws {
        try self.init(vocabularyFile: directory.appendingPathComponent(Self.vocabularyFileName),
                      mergesFile: directory.appendingPathComponent(Self.mergesFileName))
    }

    /// The tokenizer built into activetune (8192 tokens learned from the NIV2 train split and the
    /// Self-Instruct seed tasks); loaded once and shared.
    public static func embeddedDefault() throws -> BPETokenizer {
        try embedded.get()
    }

    private static let embedded = Result<BPETokenizer, any Error> {
        guard let directory = Bundle.module.url(forResource: "tokenizer", withExtension: nil) else {
            throw TokenizerError(.unreadableFile, "the embedded tokenizer is missing from the Model resource "
                + "bundle. HINT: rebuild activetune; the bundle must sit next to the executable")
        }
        return try BPETokenizer(directory: directory)
    }

    /// `vocab.json`: one compact JSON object of token text to id, in id order, as HF `tokenizers` writes it.
    public func vocabularyJSON() -> Data {
        var json = "{"
        for (id, text) in tokens.enumerated() {
            if id > 0 { json += "," }
            json += "\(JSONText.quoted(text)):\(id)"
        }
        json += "}"
        return Data(json.utf8)
    }

    /// `merges.txt`: the `#version: 0.2` header, then one `left right` line per merge in rank order.
    public func mergesText() -> String {
        var text = "#version: 0.2\n"
        for merge in merges { text += "\(tokens[Int(merge.left)]) \(tokens[Int(merge.right)])\n" }
        return text
    }

    /// Writes `vocab.json` and `merges.txt` into a directory, creating it if needed.
    public func write(to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try vocabularyJSON().write(to: directory.appendingPathComponent(Self.vocabularyFileName), options: .atomic)
            try Data(mergesText().utf8).write(to: directory.appendingPathComponent(Self.mergesFileName),
                                              options: .atomic)
        } catch {
            throw TokenizerError(.unwritableFile, "could not write the tokenizer into \(directory.path): \(error). "
                + "HINT: check that the directory is writable")
        }
    }

    /// Parses `merges.txt`; blank lines and `#version` lines are skipped, as GPT-2 and HF do.
    static func parseMerges(_ text: String, file: String) throws -> [(String, String)] {
        var merges: [(String, String)] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#version") { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw TokenizerError(.malformedMerges, "\(file):\(number + 1): expected two tokens separated by "
                    + "one space, found \"\(line)\". HINT: pass GPT-2's merges.txt")
            }
            merges.append((String(parts[0]), String(parts[1])))
        }
        return merges
    }

    static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TokenizerError(.unreadableFile, "could not read \(url.path): \(error). "
                + "HINT: check the path and its permissions")
        }
    }
}
