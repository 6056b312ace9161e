import Foundation

/// The x axis of the task map: prompt uncertainty drawn at its cube root, labelled in its own units.
struct CubeRootAxis {
    /// The right end of the axis, in cube-root units; the left end is 0.
    let upper: Double

    /// An axis from 0 to a little past the cube root of `maxValue` (to 1 when every value is 0).
    init(maxValue: Double) {
        let end = TaskMap.cubeRoot(maxValue)
        upper = end > 0 ? end * 1.05 : 1
    }

    /// Where `value` (original units) falls, from 0 at the left end to 1 at the right.
    func fraction(_ value: Double) -> Double {
        TaskMap.cubeRoot(value) / upper
    }

    /// Tick values in original units: roughly even on the cube-root scale, each rounded to one significant
    /// digit so the labels read well.
    func ticks() -> [Double] {
        var values: [Double] = []
        for i in 0...5 {
            let nice = Self.oneSignificantDigit(pow(upper * Double(i) / 5, 3))
            if TaskMap.cubeRoot(nice) <= upper && !values.contains(nice) { values.append(nice) }
        }
        return values
    }

    /// A short label for a tick value.
    static func label(_ value: Double) -> String {
        String(format: "%g", value)
    }

    private static func oneSignificantDigit(_ value: Double) -> Double {
        guard value > 0 else { return 0 }
        let scale = pow(10, floor(log10(value)))
        return (value / scale).rounded() * scale
    }
}
