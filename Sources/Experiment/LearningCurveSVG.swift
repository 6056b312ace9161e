import Foundation

/// Draws an experiment like the paper's figure: x = number of training tasks, y = test ROUGE-L,
/// one line per strategy, error bars of ± one standard deviation over pool seeds (strategies shifted a few pixels
/// apart so their bars do not hide each other).
public struct LearningCurveSVG: Sendable {
    /// A title drawn above the plot, if any.
    public var title: String?

    /// A renderer.
    public init(title: String? = nil) {
        self.title = title
    }

    private static let colours = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    private static let (width, height, left, right, top, bottom) = (640.0, 420.0, 60.0, 170.0, 40.0, 50.0)

    /// The SVG document of `table`.
    public func render(_ table: ExperimentTable) -> String {
        let points = table.lines.flatMap(\.points)
        let xs = points.map { Double($0.tasks) }
        let ys = points.flatMap { [$0.overall.mean - $0.overall.deviation, $0.overall.mean + $0.overall.deviation] }
        let (x0, x1) = (xs.min() ?? 0, max((xs.max() ?? 1), (xs.min() ?? 0) + 1))
        let (y0, y1) = (floor(ys.min() ?? 0), max(ceil(ys.max() ?? 1), floor(ys.min() ?? 0) + 1))
        let (w, h, l, t) = (Self.width - Self.left - Self.right, Self.height - Self.top - Self.bottom, Self.left, Self.top)
        func px(_ x: Double) -> Double { l + (x - x0) / (x1 - x0) * w }
        func py(_ y: Double) -> Double { t + h - (y - y0) / (y1 - y0) * h }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
                   + "font-family=\"sans-serif\" font-size=\"12\">",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                   "<rect x=\"\(f(l))\" y=\"\(f(t))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"none\" stroke=\"black\"/>"]
        if let title { svg.append("<text x=\"\(f(l))\" y=\"24\" font-size=\"14\">\(Self.escape(title))</text>") }
        for x in Set(xs).sorted() {
            svg.append("<text x=\"\(f(px(x)))\" y=\"\(f(t + h + 18))\" text-anchor=\"middle\">\(Int(x))</text>")
        }
        for i in 0...4 {
            let y = y0 + Double(i) / 4 * (y1 - y0)
            svg.append("<text x=\"\(f(l - 6))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(f(y))</text>")
        }
        svg.append("<text x=\"\(f(l + w / 2))\" y=\"\(f(Self.height - 10))\" text-anchor=\"middle\">number of training tasks</text>")
        svg.append("<text transform=\"translate(16 \(f(t + h / 2))) rotate(-90)\" text-anchor=\"middle\">ROUGE-L</text>")
        for (index, line) in table.lines.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            // Strategies share x values: shift each a few pixels so overlapping error bars stay readable.
            let dodge = (Double(index) - Double(table.lines.count - 1) / 2) * 5
            let path = line.points.map { "\(f(px(Double($0.tasks)) + dodge)),\(f(py($0.overall.mean)))" }
                .joined(separator: " ")
            svg.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>")
            for p in line.points {
                let x = px(Double(p.tasks)) + dodge, s = p.overall
                svg.append("<line x1=\"\(f(x))\" y1=\"\(f(py(s.mean - s.deviation)))\" x2=\"\(f(x))\" "
                           + "y2=\"\(f(py(s.mean + s.deviation)))\" stroke=\"\(colour)\"/>")
                svg.append("<circle cx=\"\(f(x))\" cy=\"\(f(py(s.mean)))\" r=\"3\" fill=\"\(colour)\"/>")
            }
            let ly = t + 10 + Double(index) * 18
            svg.append("<line x1=\"\(f(l + w + 12))\" y1=\"\(f(ly))\" x2=\"\(f(l + w + 32))\" y2=\"\(f(ly))\" "
                       + "stroke=\"\(colour)\" stroke-width=\"2\"/>")
            svg.append("<text x=\"\(f(l + w + 38))\" y=\"\(f(ly + 4))\">\(Self.escape(line.strategy))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
