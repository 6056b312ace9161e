import Foundation

/// A mean with its spread over pool seeds: the sample standard deviation (0 for one seed).
public struct Spread: Sendable, Codable, Equatable {
    /// The mean.
    public var mean: Double
    /// The sample standard deviation.
    public var deviation: Double
    /// How many values.
    public var count: Int

    /// The mean and spread of `values`, or nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        count = values.count
        mean = values.reduce(0, +) / Double(count)
        let m = mean
        deviation = count > 1 ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot() : 0
    }

    /// `mean ± deviation` with two decimals.
    public var text: String { String(format: "%.2f ± %.2f", mean, deviation) }
}
