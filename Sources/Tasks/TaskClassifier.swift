/// Decides whether an NIV2 task is classification, standing in for the paper's unpublished
/// `DefHasLabel == "ExactMentioned"` metadata ("the definition names the exact label set").
///
/// The rule: a task is classification when
/// 1. it has at least `minimumInstances` instances,
/// 2. the distinct labels — each instance's FIRST reference output, trimmed, lower-cased, with one
///    trailing `.` removed from labels longer than one character — number at most `maximumLabels`
///    and at most `maximumLabelRatio` times the instance count (a closed set that repeats), and
/// 3. every label occurs in the definition as a word: case-insensitively, and where the label
///    starts or ends with a letter or digit, not directly preceded or followed by one.
/// Self-Instruct tasks use their own `is_classification` field instead.
public struct TaskClassifier: Sendable, Hashable, Codable {
    /// Fewer instances than this say too little about the output set.
    public var minimumInstances: Int
    /// At most this many distinct labels (task143 lists about 50 categories and task900 73 topics in
    /// their definitions, so the cap is set above them).
    public var maximumLabels: Int
    /// Distinct labels may be at most this fraction of the instances.
    public var maximumLabelRatio: Double

    /// The rule with its documented defaults: 10 instances, 80 labels, ratio 0.5.
    public init(minimumInstances: Int = 10, maximumLabels: Int = 80, maximumLabelRatio: Double = 0.5) {
        self.minimumInstances = minimumInstances
        self.maximumLabels = maximumLabels
        self.maximumLabelRatio = maximumLabelRatio
    }

    /// The kind of a task with this definition and these instances.
    public func kind(definition: String, instances: [TaskInstance]) -> TaskKind {
        guard instances.count >= minimumInstances else { return .generation }
        let labels = Set(instances.compactMap { $0.outputs.first.map(Self.normalizedLabel) })
        guard !labels.contains(""),
              labels.count <= maximumLabels,
              Double(labels.count) <= maximumLabelRatio * Double(instances.count) else { return .generation }
        let text = Array(definition.lowercased().unicodeScalars)
        return labels.allSatisfy { Self.occursAsWord(Array($0.unicodeScalars), in: text) } ? .classification : .generation
    }

    /// A first reference as compared against the definition.
    static func normalizedLabel(_ output: String) -> String {
        var label = PythonText.strip(output).lowercased()
        if label.unicodeScalars.count > 1, label.hasSuffix(".") { label.removeLast() }
        return label
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func occursAsWord(_ label: [Unicode.Scalar], in text: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, let last = label.last, label.count <= text.count else { return false }
        let checkBefore = isWordScalar(first), checkAfter = isWordScalar(last)
        for start in 0...(text.count - label.count) where text[start] == first {
            guard text[start..<start + label.count].elementsEqual(label) else { continue }
            let end = start + label.count
            if checkBefore, start > 0, isWordScalar(text[start - 1]) { continue }
            if checkAfter, end < text.count, isWordScalar(text[end]) { continue }
            return true
        }
        return false
    }
}
