/// A reusable float buffer that only grows, so repeated passes do not allocate.
final class Scratch {
    private(set) var pointer: Floats
    private(set) var capacity: Int

    init() {
        capacity = 1
        pointer = Floats.allocate(capacity: 1)
    }

    deinit { pointer.deallocate() }

    /// A buffer of at least `count` floats; contents are unspecified after it grows.
    func reserve(_ count: Int) -> Floats {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity + capacity / 4)
            pointer = Floats.allocate(capacity: capacity)
            pointer.initialize(repeating: 0, count: capacity)
        }
        return pointer
    }
}
