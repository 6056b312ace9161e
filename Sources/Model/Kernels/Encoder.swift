/// Token plus position embedding, and the residual sum that joins each block's branches.

/// out is (N,C); tokens and positions are (N); wte is (V,C); wpe is (T,C).
func encoderForward(_ out: Floats, _ tokens: UnsafePointer<Int32>, _ positions: UnsafePointer<Int32>,
                    _ wte: UnsafePointer<Float>, _ wpe: UnsafePointer<Float>, _ N: Int, _ C: Int) {
    Compute.parallelChunks(N, minChunk: 16) { rows in
        for i in rows {
            let o = out + i * C, t = wte + Int(tokens[i]) * C, p = wpe + Int(positions[i]) * C
            for c in 0..<C { o[c] = t[c] + p[c] }
        }
    }
}

/// dwte is (V,C) and dwpe is (T,C), accumulated; dout is (N,C).
///
/// Serial on purpose: rows scatter into shared embedding rows, and a fixed order keeps it deterministic.
func encoderBackward(_ dwte: Floats, _ dwpe: Floats, _ dout: UnsafePointer<Float>,
                     _ tokens: UnsafePointer<Int32>, _ positions: UnsafePointer<Int32>, _ N: Int, _ C: Int) {
    for i in 0..<N {
        let d = dout + i * C, t = dwte + Int(tokens[i]) * C, p = dwpe + Int(positions[i]) * C
        for c in 0..<C {
            t[c] += d[c]
            p[c] += d[c]
        }
    }
}

/// out = a + b elementwise over count floats (out may alias a or b).
func residualForward(_ out: Floats, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) {
    Compute.parallelChunks(count, minChunk: 4096) { range in
        for i in range { out[i] = a[i] + b[i] }
    }
}

/// out is (N,C); tokens is (N); wte is (V,C): the Llama family's embedding, without position rows.
func embeddingForward(_ out: Floats, _ tokens: UnsafePointer<Int32>, _ wte: UnsafePointer<Float>, _ N: Int, _ C: Int) {
    Compute.parallelChunks(N, minChunk: 16) { rows in
        for i in rows { (out + i * C).update(from: wte + Int(tokens[i]) * C, count: C) }
    }
}

/// dwte is (V,C), accumulated; dout is (N,C). Serial for the same reason as `encoderBackward`.
func embeddingBackward(_ dwte: Floats, _ dout: UnsafePointer<Float>, _ tokens: UnsafePointer<Int32>, _ N: Int, _ C: Int) {
    for i in 0..<N {
        let d = dout + i * C, t = dwte + Int(tokens[i]) * C
        for c in 0..<C { t[c] += d[c] }
    }
}
