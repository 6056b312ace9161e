import Foundation

/// Draws a task map as a standalone SVG 1.1 document (no scripts, no external resources).
///
/// Colour is the kind (classification blue, generation orange); the marker is the group (ambiguous ▲,
/// difficult ■, easy ◆, none ●; a task in several groups takes the first of that list); a black outline marks
/// the tasks the selector picks. Each point carries a `<title>` with its task id and scores (a tooltip).
public struct TaskMapSVG: Sendable {
    /// The heading; nil gives "Task map: N tasks, K = k".
    public var title: String?

    /// Creates a renderer.
    public init(title: String? = nil) {
        self.title = title
    }

    private static let width = 780.0, height = 520.0
    private static let left = 80.0, right = 560.0, top = 60.0, bottom = 450.0
    private static let colors: [TaskScore.Kind: String] = [.classification: "#1f77b4", .generation: "#ff7f0e"]

    /// The SVG text of `map`.
    public func render(_ map: TaskMap) -> String {
        let axis = CubeRootAxis(maxValue: map.rows.map(\.promptUncertainty).max() ?? 0)
        var svg = SVGWriter()
        svg.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "version": "1.1", "width": f(Self.width),
                         "height": f(Self.height), "viewBox": "0 0 \(f(Self.width)) \(f(Self.height))",
                         "font-family": "sans-serif", "font-size": "12"])
        let heading = title ?? "Task map: \(map.rows.count) tasks, K = \(map.top)"
        svg.element("title", [:], text: heading)
        svg.element("rect", ["x": "0", "y": "0", "width": f(Self.width), "height": f(Self.height), "fill": "#ffffff"])
        svg.element("text", ["class": "title", "x": f((Self.left + Self.right) / 2), "y": "32",
                             "text-anchor": "middle", "font-size": "16"], text: heading)
        drawAxes(&svg, axis)
        svg.open("g", ["class": "markers"])
        // Selected tasks last, so their outlines are on top.
        for row in map.rows.filter({ !$0.selected }) + map.rows.filter(\.selected) {
            drawPoint(&svg, row, x: Self.left + axis.fraction(row.promptUncertainty) * (Self.right - Self.left),
                      y: Self.bottom - row.predictionProbability * (Self.bottom - Self.top))
        }
        svg.close("g")
        drawLegend(&svg, top: map.top)
        svg.close("svg")
        return svg.document
    }

    private func drawAxes(_ svg: inout SVGWriter, _ axis: CubeRootAxis) {
        svg.open("g", ["class": "axes", "stroke": "#dddddd", "stroke-width": "1"])
        for tick in axis.ticks() {
            let x = Self.left + axis.fraction(tick) * (Self.right - Self.left)
            svg.element("line", ["x1": f(x), "y1": f(Self.top), "x2": f(x), "y2": f(Self.bottom)])
            svg.element("text", ["x": f(x), "y": f(Self.bottom + 18), "text-anchor": "middle", "stroke": "none",
                                 "fill": "#333333"], text: CubeRootAxis.label(tick))
        }
        for i in 0...5 {
            let p = Double(i) / 5, y = Self.bottom - p * (Self.bottom - Self.top)
            svg.element("line", ["x1": f(Self.left), "y1": f(y), "x2": f(Self.right), "y2": f(y)])
            svg.element("text", ["x": f(Self.left - 8), "y": f(y + 4), "text-anchor": "end", "stroke": "none",
                                 "fill": "#333333"], text: String(format: "%.1f", p))
        }
        svg.element("rect", ["x": f(Self.left), "y": f(Self.top), "width": f(Self.right - Self.left),
                             "height": f(Self.bottom - Self.top), "fill": "none", "stroke": "#333333"])
        svg.close("g")
        svg.element("text", ["class": "x-label", "x": f((Self.left + Self.right) / 2), "y": f(Self.bottom + 42),
                             "text-anchor": "middle"], text: "prompt uncertainty (cube-root scale)")
        let yMid = (Self.top + Self.bottom) / 2
        svg.element("text", ["class": "y-label", "x": "24", "y": f(yMid), "text-anchor": "middle",
                             "transform": "rotate(-90 24 \(f(yMid)))"], text: "prediction probability")
    }

    private func drawPoint(_ svg: inout SVGWriter, _ row: TaskMap.Row, x: Double, y: Double) {
        let groups = row.groups.isEmpty ? "none" : row.groups.map(\.rawValue).joined(separator: ", ")
        svg.open("g", ["class": row.selected ? "point selected" : "point"])
        svg.element("title", [:], text: "\(row.task) (\(row.kind.rawValue)): prompt uncertainty "
            + "\(row.promptUncertainty), prediction probability \(row.predictionProbability), perplexity "
            + "\(row.perplexity); groups: \(groups)\(row.selected ? "; selected" : "")")
        marker(&svg, row.groups.first, x: x, y: y, fill: Self.colors[row.kind] ?? "#888888",
               stroke: row.selected ? "#000000" : "#ffffff", strokeWidth: row.selected ? "2" : "0.8")
        svg.close("g")
    }

    private func marker(_ svg: inout SVGWriter, _ group: TaskMap.Group?, x: Double, y: Double, fill: String,
                        stroke: String, strokeWidth: String) {
        let points: [(Double, Double)]
        switch group {
        case .ambiguous: points = [(0, -6.5), (6, 4.5), (-6, 4.5)]
        case .difficult: points = [(-5, -5), (5, -5), (5, 5), (-5, 5)]
        case .easy: points = [(0, -6.5), (6.5, 0), (0, 6.5), (-6.5, 0)]
        case nil:
            svg.element("circle", ["cx": f(x), "cy": f(y), "r": "5", "fill": fill, "fill-opacity": "0.85",
                                   "stroke": stroke, "stroke-width": strokeWidth])
            return
        }
        svg.element("polygon", ["points": points.map { "\(f(x + $0.0)),\(f(y + $0.1))" }.joined(separator: " "),
                                "fill": fill, "fill-opacity": "0.85", "stroke": stroke, "stroke-width": strokeWidth])
    }

    private func drawLegend(_ svg: inout SVGWriter, top k: Int) {
        svg.open("g", ["class": "legend"])
        let x = Self.right + 28
        let entries: [(String, TaskMap.Group?, String, String)] = [
            ("classification", nil, Self.colors[.classification] ?? "", "#ffffff"),
            ("generation", nil, Self.colors[.generation] ?? "", "#ffffff"),
            ("ambiguous (top \(k))", .ambiguous, "#999999", "#ffffff"),
            ("difficult (top \(k))", .difficult, "#999999", "#ffffff"),
            ("easy (top \(k))", .easy, "#999999", "#ffffff"),
            ("selected (\(k))", nil, "#ffffff", "#000000"),
        ]
        for (i, entry) in entries.enumerated() {
            let y = Self.top + 12 + Double(i) * 24
            marker(&svg, entry.1, x: x, y: y, fill: entry.2, stroke: entry.3, strokeWidth: entry.3 == "#000000" ? "2" : "0.8")
            svg.element("text", ["x": f(x + 14), "y": f(y + 4)], text: entry.0)
        }
        svg.close("g")
    }

    private func f(_ value: Double) -> String { String(format: "%.2f", value) }
}
