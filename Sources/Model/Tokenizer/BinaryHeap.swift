/// A binary heap: `pop` returns the element that precedes all others by the order given at creation.
struct BinaryHeap<Element> {
    private var elements: [Element] = []
    private let precedes: (Element, Element) -> Bool

    /// An empty heap ordered by `precedes` (for a min-heap, `<`).
    init(by precedes: @escaping (Element, Element) -> Bool) {
        self.precedes = precedes
    }

    /// Whether no element is left.
    var isEmpty: Bool { elements.isEmpty }

    /// Adds an element.
    mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(elements[child], elements[parent]) else { break }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the element that precedes all others.
    mutating func pop() -> Element? {
        guard !elements.isEmpty else { return nil }
        elements.swapAt(0, elements.count - 1)
        let top = elements.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < elements.count && precedes(elements[left], elements[first]) { first = left }
            if right < elements.count && precedes(elements[right], elements[first]) { first = right }
            if first == parent { break }
            elements.swapAt(parent, first)
            parent = first
        }
        return top
    }
}
