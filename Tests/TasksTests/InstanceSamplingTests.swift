import Testing
@testable import Tasks

/// Seeded instance sampling, shared by every module that samples a task.
@Suite struct InstanceSamplingTests {
    @Test func samplingIsSeededAndDistinct() throws {
        let task = try #require(TaskFileReader().read(contentsOf: SharedData.niv2Task("task843_financial_phrasebank_classification")).tasks.first)
        let sample = task.sampledInstances(10, seed: 0)
        #expect(sample.count == 10)
        #expect(Set(sample.map(\.id)).count == 10)
        #expect(task.sampledInstances(10, seed: 0) == sample)
        #expect(task.sampledInstances(10, seed: 1) != sample)
        #expect(sample.map(\.id) != task.instances.prefix(10).map(\.id))
        #expect(task.sampledInstances(1000, seed: 0).count == task.instances.count)
        #expect(task.sampledInstances(0, seed: 0).isEmpty)
    }
}
