/// A demonstration shown in the prompt: an input and its expected output.
public struct TaskExample: Sendable, Hashable, Codable {
    /// The example's input, as written in the task file.
    public var input: String
    /// The example's output, as written in the task file.
    public var output: String

    /// An example with `input` and `output`.
    public init(input: String, output: String) {
        self.input = input
        self.output = output
    }
}
