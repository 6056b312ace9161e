import Testing
@testable import Evaluation

/// The stemmer reproduces NLTK's PorterStemmer (default mode), the one rouge_score uses.
@Suite struct PorterStemmerTests {
    let stemmer = PorterStemmer()

    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "tie"), ("cats", "cat"), ("agreed", "agre"),
        ("plastered", "plaster"), ("motoring", "motor"), ("sing", "sing"), ("hopping", "hop"),
        ("falling", "fall"), ("filing", "file"), ("happy", "happi"), ("relational", "relat"),
        ("generalization", "gener"), ("skies", "sky"), ("dying", "die"), ("by", "by"), ("Running", "run"),
    ])
    func stemsClassicExamples(word: String, expected: String) {
        #expect(stemmer.stem(word) == expected)
    }

    @Test func matchesNLTKOnWordList() throws {
        let golden = try ReferenceData.stems()
        #expect(golden.count > 4000)
        var mismatches: [String] = []
        for (word, expected) in golden.sorted(by: { $0.key < $1.key }) where stemmer.stem(word) != expected {
            mismatches.append("\(word): got \(stemmer.stem(word)), NLTK \(expected)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(20))")
    }
}
