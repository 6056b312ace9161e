import Foundation
import Testing
@testable import Tasks

/// Every real task file under shared/data is accepted, with its quirks.
@Suite struct RealDataTests {
    @Test func allNIV2FilesValidate() throws {
        let files = try SharedData.niv2TaskFiles()
        #expect(files.count == 132)
        let reader = TaskFileReader()
        var instances = 0
        for url in files {
            let file = try reader.read(contentsOf: url)
            #expect(file.format == .niv2)
            #expect(file.tasks.count == 1)
            let task = try #require(file.tasks.first)
            #expect(task.id == url.deletingPathExtension().lastPathComponent)
            #expect(!task.positiveExamples.isEmpty)
            #expect(task.contentHash.count == 64)
            instances += task.instances.count
        }
        // The README's count: 130 files of 100 instances, plus 94 and 97.
        #expect(instances == 13_191)
    }

    @Test func selfInstructSeedTasksValidate() throws {
        let file = try TaskFileReader().read(contentsOf: SharedData.selfInstruct())
        #expect(file.format == .selfInstruct)
        #expect(file.tasks.count == 175)
        #expect(file.instanceCount == 175)
        #expect(file.tasks.filter { $0.kind == .classification }.count == 26)
        #expect(file.tasks.filter { $0.instances[0].input.isEmpty }.count == 50)
        let first = try #require(file.tasks.first)
        #expect(first.id == "seed_task_0")
        #expect(first.instances[0].id == "seed_task_0-0")
        #expect(first.positiveExamples.isEmpty)
    }

    @Test func quirksOfTheRealDataSurvive() throws {
        let reader = TaskFileReader()
        let task393 = try #require(reader.read(contentsOf: SharedData.niv2Task("task393_plausible_result_generation")).tasks.first)
        #expect(task393.instances.map(\.outputs.count).max() == 25)
        let eurlex = try #require(reader.read(contentsOf: SharedData.niv2Task("task743_eurlex_summarization")).tasks.first)
        #expect(eurlex.instances.map(\.input.count).max() == 11_428)
        // Non-ASCII text and leading/trailing whitespace are kept as written.
        let all = try SharedData.niv2TaskFiles().map { try #require(reader.read(contentsOf: $0).tasks.first) }
        #expect(all.contains { $0.instances.contains { $0.input.unicodeScalars.contains { !$0.isASCII } } })
        #expect(all.contains { $0.instances.contains { $0.input != PythonText.strip($0.input) } })
    }

    /// The same content, written with other whitespace and key order, hashes the same.
    @Test func contentHashIgnoresLayout() throws {
        let url = try SharedData.niv2Task("task1344_glue_entailment_classification")
        let original = try TaskFileReader().read(contentsOf: url)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        let compact = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let rewritten = try TaskFileReader().read(compact, name: "copy.json")
        #expect(rewritten.tasks[0].contentHash == original.tasks[0].contentHash)
        #expect(rewritten.tasks[0].id == "copy")
        let other = try TaskFileReader().read(contentsOf: SharedData.niv2Task("task227_clariq_classification"))
        #expect(other.tasks[0].contentHash != original.tasks[0].contentHash)
    }
}
