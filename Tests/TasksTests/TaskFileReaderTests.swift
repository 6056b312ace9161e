import Foundation
import Testing
@testable import Tasks

/// Reading from the file system: size cap before reading, special files, links, unreadable paths.
@Suite struct TaskFileReaderTests {
    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tasks-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func error(_ body: () throws(TaskFileError) -> TaskFile) -> TaskFileError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func readsFromURLAndFromMemoryAlike() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("task1_fixture.json")
        try Data(TaskFixtures.niv2()).write(to: url)
        let fromDisk = try TaskFileReader().read(contentsOf: url)
        let fromMemory = try TaskFileReader().read(Data(TaskFixtures.niv2()), name: "task1_fixture.json")
        #expect(fromDisk.tasks == fromMemory.tasks)
        #expect(fromDisk.url == url)
        #expect(fromDisk.name == url.path)
        #expect(fromDisk.tasks[0].id == "task1_fixture")
    }

    /// A sparse 8 GiB file is rejected at once: its size is checked before any byte is read.
    @Test func sizeCapIsCheckedBeforeReading() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("huge.json")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 8 << 30)
        try handle.close()
        let start = Date()
        let failure = error { () throws(TaskFileError) in try TaskFileReader().read(contentsOf: url, name: "huge.json") }
        #expect(failure?.code == .tooLarge)
        #expect(failure?.description.contains("8589934592 bytes, more than the size cap of 67108864") == true)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func sizeCapIsConfigurable() throws {
        let bytes = TaskFixtures.niv2()
        let small = TaskFileReader(sizeCap: bytes.count - 1)
        #expect(error { () throws(TaskFileError) in try small.read(Data(bytes), name: "x.json") }?.code == .tooLarge)
        #expect(throws: Never.self) { try TaskFileReader(sizeCap: bytes.count).read(Data(bytes), name: "x.json") }
    }

    @Test func directoriesAndFIFOsAreNotTaskFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error { () throws(TaskFileError) in try TaskFileReader().read(contentsOf: dir) }?.code == .notRegularFile)
        let fifo = dir.appendingPathComponent("pipe.json")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // Opening a FIFO that has no writer must not block.
        let failure = error { () throws(TaskFileError) in try TaskFileReader().read(contentsOf: fifo) }
        #expect(failure?.code == .notRegularFile)
        #expect(failure?.description.contains("a FIFO") == true)
    }

    @Test func missingFilesAndRefusedLinks() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = error { () throws(TaskFileError) in try TaskFileReader().read(contentsOf: dir.appendingPathComponent("nope.json")) }
        #expect(missing?.code == .unreadable)
        #expect(missing?.description.contains("no such file") == true)

        let target = dir.appendingPathComponent("real.json")
        try Data(TaskFixtures.niv2()).write(to: target)
        let link = dir.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(throws: Never.self) { try TaskFileReader().read(contentsOf: link) }
        let refused = error { () throws(TaskFileError) in try TaskFileReader(followsSymlinks: false).read(contentsOf: link) }
        #expect(refused?.code == .unreadable)
        #expect(refused?.description.contains("symbolic link") == true)
    }

    @Test func nestingLimitIsConfigurable() {
        let bytes = TaskFixtures.niv2 { $0["Extra"] = [[[[["deep"]]]]] }
        let shallow = TaskFileReader(maxDepth: 4)
        #expect(error { () throws(TaskFileError) in try shallow.read(Data(bytes), name: "x.json") }?.code == .tooDeep)
        #expect(throws: Never.self) { try TaskFileReader(maxDepth: 6).read(Data(bytes), name: "x.json") }
    }

    /// The deepest nesting ever parsed fits the stack of the threads tests (and services) run on.
    @Test func depthCeilingBoundsTheRecursion() {
        let deep = String(repeating: "[", count: 511) + String(repeating: "]", count: 511)
        let bytes = TaskFixtures.niv2 { $0["Extra"] = "placeholder" }
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"placeholder\"", with: deep)
        let unlimited = TaskFileReader(maxDepth: .max)
        #expect(throws: Never.self) { try unlimited.read(Data(text.utf8), name: "x.json") }
        let deeper = text.replacingOccurrences(of: deep, with: "[" + deep + "]")
        #expect(error { () throws(TaskFileError) in try unlimited.read(Data(deeper.utf8), name: "x.json") }?.code == .tooDeep)
    }
}
