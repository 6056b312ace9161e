/// Keys and values of one sequence's processed tokens, per layer, so later tokens attend without recomputing.
///
/// Layout per layer: (capacity, 2·KV·hd) rows, the keys of all key/value heads, then their values.
final class KVCache {
    let layers: Int
    /// Floats per row: 2·KV·hd.
    let rowWidth: Int
    let capacity: Int
    private let storage: Floats

    init(_ config: ModelConfig, capacity: Int) {
        layers = config.layers
        rowWidth = 2 * config.kvWidth
        self.capacity = capacity
        let count = layers * capacity * rowWidth
        storage = Floats.allocate(capacity: max(1, count))
        storage.initialize(repeating: 0, count: max(1, count))
    }

    deinit { storage.deallocate() }

    /// The (capacity, 2·KV·hd) block of `layer`.
    func rows(layer: Int) -> Floats { storage + layer * capacity * rowWidth }

    /// Copies n rows of keys and values out of a qkv block (rows `qkvStride` apart, k | v after the NH·hd
    /// query columns) into positions start..<start+n.
    func store(layer: Int, from qkv: UnsafePointer<Float>, qkvStride: Int, queryWidth: Int, rows n: Int, at start: Int) {
        let base = rows(layer: layer)
        for i in 0..<n {
            (base + (start + i) * rowWidth).update(from: qkv + i * qkvStride + queryWidth, count: rowWidth)
        }
    }

    /// Copies positions 0..<count of every layer from `source` (same shape): a shared prompt prefix.
    func copyPrefix(of source: KVCache, count: Int) {
        precondition(source.layers == layers && source.rowWidth == rowWidth && count <= min(capacity, source.capacity))
        for layer in 0..<layers {
            rows(layer: layer).update(from: source.rows(layer: layer), count: count * rowWidth)
        }
    }
}
