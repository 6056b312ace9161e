/// Common token prefixes: what several prompts can share in one key/value cache.
public enum TokenPrefix {
    /// The length of the longest token prefix all `sequences` share (0 for none or no sequences).
    public static func commonLength(_ sequences: [[Int32]]) -> Int {
        guard var length = sequences.first?.count else { return 0 }
        for sequence in sequences.dropFirst() {
            length = min(length, sequence.count)
            var k = 0
            while k < length && sequence[k] == sequences[0][k] { k += 1 }
            length = k
        }
        return length
    }
}
