import Foundation

/// The golden files that Reference/make_reference.py wrote with the real rouge_score and NLTK.
enum ReferenceData {
    /// One (prediction, references) pair with what rouge_score and NIV2's normalize_answer said about it.
    struct Pair: Decodable {
        var prediction: String
        var references: [String]
        var predictionTokens: [String]
        var scores: [[Double]]
        var rougeL: Double
        var normalizedPrediction: String
        var exactMatch: Bool
    }

    private struct RougeFile: Decodable { var pairs: [Pair] }
    private struct StemFile: Decodable { var stems: [String: String] }

    static func pairs() throws -> [Pair] {
        try decoder.decode(RougeFile.self, from: data("rouge_reference.json")).pairs
    }

    static func stems() throws -> [String: String] {
        try decoder.decode(StemFile.self, from: data("stemmer_reference.json")).stems
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    private static func data(_ name: String, file: String = #filePath) throws -> Data {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }
}
