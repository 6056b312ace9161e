import Foundation
import Testing
@testable import Selection

/// The optional diversity filter skips near-duplicate definitions and changes nothing when off.
@Suite struct DiversityFilterTests {
    @Test func similarityOfShingles() {
        #expect(DiversityFilter.similarity("Find the gene name.", "find the GENE name") == 1)
        // Shingles {a b c, b c d} and {b c d, c d e}: 1 shared of 3.
        #expect(abs(DiversityFilter.similarity("a b c d", "b c d e") - 1.0 / 3.0) < 1e-15)
        #expect(DiversityFilter.similarity("", "") == 0)
        #expect(DiversityFilter.similarity("yes no", "yes no") == 1)
    }

    let pool = [
        Fixtures.score("a", u: 0.9, definition: "Extract the gene names from the sentence below."),
        Fixtures.score("b", u: 0.8, definition: "Extract the gene names from the sentence below, please."),
        Fixtures.score("c", u: 0.7, definition: "Answer the math word problem with a number."),
        Fixtures.score("d", u: 0.6),
    ]

    @Test func skipsNearDuplicates() throws {
        let filter = try DiversityFilter()
        #expect(Fixtures.ids(try TaskSelector(diversity: filter).select(3, from: pool)) == ["a", "c", "d"])
        // A round larger than the distinct tasks is filled with the skipped ones, in order.
        #expect(Fixtures.ids(try TaskSelector(diversity: filter).select(4, from: pool)) == ["a", "c", "d", "b"])
    }

    @Test func offByDefaultAndThenANoOp() throws {
        #expect(TaskSelector().diversity == nil)
        #expect(Fixtures.ids(try TaskSelector().select(3, from: pool)) == ["a", "b", "c"])
    }

    @Test func rejectsThresholdOutOfRange() {
        #expect(throws: SelectionError.self) { try DiversityFilter(threshold: 1.5) }
        #expect(throws: SelectionError.self) { try DiversityFilter(threshold: .nan) }
    }

    /// Three real NIV2 tasks share one definition word for word; a diverse round takes one of them.
    @Test func realNIV2Duplicates() throws {
        let names = ["task1480_gene_extraction_jnlpba_dataset", "task1481_gene_extraction_bc2gm_dataset",
                     "task1482_gene_extraction_chemprot_dataset", "task1146_country_capital"]
        let pool = try names.enumerated().map { i, name in
            Fixtures.score(name, u: 1 - Double(i) / 10, definition: try Self.definition(of: name))
        }
        let picked = try TaskSelector(diversity: DiversityFilter()).select(2, from: pool)
        #expect(Fixtures.ids(picked) == [names[0], names[3]])
    }

    private struct NIV2Task: Decodable {
        var definition: [String]
        enum CodingKeys: String, CodingKey { case definition = "Definition" }
    }

    /// Reads a task's definition from the shared NIV2 data beside the package (../shared/data, searched upward).
    static func definition(of task: String, file: String = #filePath) throws -> String {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            let url = dir.appendingPathComponent("shared/data/niv2/tasks/\(task).json")
            if FileManager.default.fileExists(atPath: url.path) {
                return try JSONDecoder().decode(NIV2Task.self, from: Data(contentsOf: url)).definition.joined(separator: " ")
            }
        }
        throw SelectionError(.unreadableInput, "no shared/data/niv2 above \(file). HINT: the tests need ../shared/data")
    }
}
