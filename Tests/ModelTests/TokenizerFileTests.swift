import Foundation
import Testing
@testable import Model

/// Loading and writing GPT-2's vocab.json + merges.txt and HF's tokenizer.json.
@Suite struct TokenizerFileTests {
    @Test func huggingFaceFileEncodesLikeVocabAndMerges() throws {
        let embedded = try BPETokenizer.embeddedDefault()
        let fromJSON = try BPETokenizer(
            huggingFaceFile: TokenizerFixtures.referenceDirectory.appendingPathComponent("tokenizer.json"))
        #expect(fromJSON.vocabularySize == embedded.vocabularySize)
        #expect(fromJSON.eosID == embedded.eosID)
        #expect(fromJSON.merges == embedded.merges)
        let texts = try TokenizerFixtures.golden().encodings.map(\.text)
            + TokenizerFixtures.everySharedText().prefix(2_000)
        for text in texts {
            #expect(fromJSON.encode(text) == embedded.encode(text), "text: \(text.prefix(80).debugDescription)")
        }
    }

    @Test func writtenFilesAreTheCommittedFilesByteForByte() throws {
        let embedded = try BPETokenizer.embeddedDefault()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try embedded.write(to: directory)
        let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Model/Resources/tokenizer")
        for name in [BPETokenizer.vocabularyFileName, BPETokenizer.mergesFileName] {
            let written = try Data(contentsOf: directory.appendingPathComponent(name))
            let committed = try Data(contentsOf: resources.appendingPathComponent(name))
            #expect(written == committed, "\(name) differs after a load/write round trip")
        }
        let reloaded = try BPETokenizer(directory: directory)
        #expect(reloaded.merges == embedded.merges)
        #expect(reloaded.tokens == embedded.tokens)
    }

    @Test func malformedMergesNameTheLine() throws {
        let error = #expect(throws: TokenizerError.self) {
            _ = try BPETokenizer.parseMerges("#version: 0.2\nĠ t\nh e x\n", file: "m.txt")
        }
        #expect(error?.code == .malformedMerges)
        #expect(error?.description.contains("m.txt:3") == true)
    }

    @Test func vocabularyWithoutEndOfTextIsRejected() throws {
        var vocabulary: [String: Int] = [:]
        for byte in 0...255 { vocabulary[ByteLevelAlphabet.text(of: [UInt8(byte)])] = byte }
        let error = #expect(throws: TokenizerError.self) { _ = try BPETokenizer(vocabulary: vocabulary, merges: []) }
        #expect(error?.code == .missingEndOfText)
        vocabulary[BPETokenizer.endOfText] = 256
        let minimal = try BPETokenizer(vocabulary: vocabulary, merges: [])
        #expect(minimal.decode(minimal.encode("héllo 😀")) == "héllo 😀")
        let unknown = #expect(throws: TokenizerError.self) {
            _ = try BPETokenizer(vocabulary: vocabulary, merges: [("h", "e")])
        }
        #expect(unknown?.code == .malformedMerges)
    }

    @Test func otherHuggingFaceModelsAreRejected() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wordpiece-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"model":{"type":"WordPiece","vocab":{}},"pre_tokenizer":null}"#.utf8).write(to: url)
        let error = #expect(throws: TokenizerError.self) { _ = try BPETokenizer(huggingFaceFile: url) }
        #expect(error?.code == .unsupportedFormat)
    }
}
