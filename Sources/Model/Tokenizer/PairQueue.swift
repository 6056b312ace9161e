/// A binary max-heap of symbol pairs by count, for BPE training. Ties go to the smaller pair key, i.e. the
/// pair whose (left id, right id) is lexicographically smallest — the same rule as HF `tokenizers`.
struct PairQueue {
    /// One candidate merge: a pair key (`BPETokenizer.pairKey`) and the count it had when queued.
    struct Entry {
        var count: Int
        var pair: UInt64

        /// Whether this entry should be merged before `other`.
        func precedes(_ other: Entry) -> Bool {
            count != other.count ? count > other.count : pair < other.pair
        }
    }

    private var heap: [Entry] = []

    /// Whether no entry is left.
    var isEmpty: Bool { heap.isEmpty }

    /// Adds an entry.
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entry that precedes all others.
    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count && heap[left].precedes(heap[first]) { first = left }
            if right < heap.count && heap[right].precedes(heap[first]) { first = right }
            if first == parent { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return top
    }
}
