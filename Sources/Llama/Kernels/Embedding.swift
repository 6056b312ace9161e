/// out is (T,C); tokens is (T), each already checked to be < V; wte is (V,C). Copies each token's row.
func embeddingForward(_ out: Floats, _ tokens: UnsafePointer<Int32>, _ wte: UnsafePointer<Float>,
                      _ T: Int, _ C: Int) {
    for t in 0..<T {
        (out + t * C).update(from: wte + Int(tokens[t]) * C, count: C)
    }
}
