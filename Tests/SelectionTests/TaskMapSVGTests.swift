import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Selection

/// The task map renders as well-formed SVG with one point per task, and librsvg draws it.
@Suite struct TaskMapSVGTests {
    /// Counts the elements whose class list holds "point" and collects all text.
    final class Inspector: NSObject, XMLParserDelegate {
        var points = 0, selected = 0
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let classes = (attributes["class"] ?? "").split(separator: " ")
            if classes.contains("point") { points += 1 }
            if classes.contains("selected") { selected += 1 }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    func inspect(_ svg: String) throws -> Inspector {
        let parser = XMLParser(data: Data(svg.utf8))
        let inspector = Inspector()
        parser.delegate = inspector
        #expect(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        return inspector
    }

    /// 25 tasks whose ids need escaping (and hold a control character XML cannot carry).
    static let pool: [TaskScore] = (0..<25).map { i in
        let kind: TaskScore.Kind = i % 3 == 0 ? .classification : .generation
        let u: Double = pow(Double(i) / 30, 3)
        let p: Double = Double((i * 7) % 25) / 24
        return Fixtures.score("task\(i)_<&\"'>\u{1}", kind, u: u, p: p, ppl: 1 + Double(i))
    }

    @Test func wellFormedWithOnePointPerTask() throws {
        let map = try TaskMap(pool: Self.pool, top: 4)
        let inspector = try inspect(TaskMapSVG().render(map))
        #expect(inspector.points == 25)
        #expect(inspector.selected == 4)
        #expect(inspector.text.contains("task7_<&\"'>\u{FFFD}"))
        #expect(inspector.text.contains("Task map: 25 tasks, K = 4"))
        #expect(inspector.text.contains("prompt uncertainty (cube-root scale)"))
        #expect(inspector.text.contains("prediction probability"))
    }

    @Test func allEqualScoresStillDraw() throws {
        let pool = (0..<3).map { Fixtures.score("t\($0)", u: 0, p: 1, ppl: 1) }
        let svg = TaskMapSVG(title: "flat").render(try TaskMap(pool: pool))
        #expect(try inspect(svg).points == 3)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        try Self.rasterize(svg)
    }

    @Test func rsvgConvertDrawsIt() throws {
        try Self.rasterize(TaskMapSVG().render(try TaskMap(pool: Self.pool)))
    }

    /// Converts `svg` to PNG with librsvg's rsvg-convert, which must exit 0 and write a PNG.
    static func rasterize(_ svg: String) throws {
        let tool = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else {
            Issue.record("rsvg-convert is missing: install librsvg2-bin (scripts/setup.sh does)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("taskmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("map.svg"), output = dir.appendingPathComponent("map.png")
        try Data(svg.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-o", output.path, input.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let png = try Data(contentsOf: output)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}
