/// Keys and values of one sequence's processed tokens, per layer, so later tokens attend without recomputing.
///
/// Layout per layer: (capacity, 2C) rows, the key in columns 0..<C and the value in C..<2C.
final class KVCache {
    let layers: Int
    let width: Int
    let capacity: Int
    private let storage: Floats

    init(layers: Int, width: Int, capacity: Int) {
        self.layers = layers
        self.width = width
        self.capacity = capacity
        let count = layers * capacity * 2 * width
        storage = Floats.allocate(capacity: max(1, count))
        storage.initialize(repeating: 0, count: max(1, count))
    }

    deinit { storage.deallocate() }

    /// The (capacity, 2C) block of `layer`.
    func rows(layer: Int) -> Floats { storage + layer * capacity * 2 * width }

    /// Copies n rows of keys and values out of a (n,3C) qkv block into positions start..<start+n.
    func store(layer: Int, from qkv: UnsafePointer<Float>, rows n: Int, at start: Int) {
        let C = width, base = rows(layer: layer)
        for i in 0..<n {
            (base + (start + i) * 2 * C).update(from: qkv + i * 3 * C + C, count: 2 * C)
        }
    }

    /// Copies positions 0..<count of every layer from `source` (same shape): a shared prompt prefix.
    func copyPrefix(of source: KVCache, count: Int) {
        precondition(source.layers == layers && source.width == width && count <= min(capacity, source.capacity))
        for layer in 0..<layers {
            rows(layer: layer).update(from: source.rows(layer: layer), count: count * 2 * width)
        }
    }
}
