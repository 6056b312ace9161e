import Foundation
import Glibc
@testable import Spool
import Testing

/// Decoding the records read(2) returns from an inotify descriptor.
@Suite struct InotifyEventTests {
    private func record(mask: Int32, name: String, padTo length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [UInt32(1), UInt32(bitPattern: mask), 0, UInt32(length)] {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let name = Array(name.utf8)
        return bytes + name + [UInt8](repeating: 0, count: length - name.count)
    }

    @Test func recordsWithPaddedNamesAndAnOverflowAreDecoded() {
        let buffer = record(mask: IN_CLOSE_WRITE, name: "a.json", padTo: 16)
            + record(mask: IN_Q_OVERFLOW, name: "", padTo: 0)
            + record(mask: IN_MOVED_TO, name: "task-0001.jsonl", padTo: 32)
        let events = buffer.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(events == [InotifyEvent(mask: UInt32(IN_CLOSE_WRITE), name: "a.json"),
                           InotifyEvent(mask: UInt32(IN_Q_OVERFLOW), name: ""),
                           InotifyEvent(mask: UInt32(IN_MOVED_TO), name: "task-0001.jsonl")])
        #expect(events.map(\.isOverflow) == [false, true, false])
        #expect(InotifyEvent(mask: UInt32(IN_IGNORED), name: "").watchEnded)
    }

    @Test func aTruncatedBufferYieldsOnlyWholeHeaders() {
        let buffer = Array(record(mask: IN_CLOSE_WRITE, name: "abc", padTo: 16).prefix(10))
        #expect(buffer.withUnsafeBytes { InotifyEvent.parse($0) }.isEmpty)
    }

    @Test func aRealKernelQueueOverflowIsRecognised() throws {
        let limit = try #require(Int(String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let temp = try TemporarySpool()
        try temp.drop("a.json")
        try temp.drop("b.json")
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(inotify_add_watch(fd, temp.directory, UInt32(IN_ATTRIB)) >= 0)
        // Alternating names so the kernel cannot merge repeated events; nobody reads, so the queue overflows.
        for index in 0...(limit + 10) {
            chmod(temp.directory + (index % 2 == 0 ? "/a.json" : "/b.json"), index % 4 < 2 ? 0o644 : 0o640)
        }
        var events: [InotifyEvent] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            events += buffer.withUnsafeBytes { InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        #expect(events.count == limit + 1)
        #expect(events.last?.isOverflow == true)
        #expect(events.dropLast().allSatisfy { !$0.isOverflow && ($0.name == "a.json" || $0.name == "b.json") })
    }
}
