import Foundation

/// The Llama family's gated MLP activation: out = silu(gate) · up, silu(x) = x · sigmoid(x).

/// out is (N,F); gateUp is (N,2F), each row gate | up (the fused gate and up projections).
func swigluForward(_ out: Floats, _ gateUp: UnsafePointer<Float>, _ N: Int, _ F: Int) {
    Compute.parallelChunks(N, minChunk: 4) { rows in
        for t in rows {
            let g = gateUp + t * 2 * F, u = g + F, o = out + t * F
            for i in 0..<F { o[i] = g[i] / (1 + exp(-g[i])) * u[i] }
        }
    }
}

/// dgateUp is (N,2F), OVERWRITTEN with d(gate) | d(up); dout is (N,F); gateUp is the forward input.
///
/// d(up) = dout · silu(g); d(gate) = dout · up · σ(g) · (1 + g · (1 − σ(g))).
func swigluBackward(_ dgateUp: Floats, _ dout: UnsafePointer<Float>, _ gateUp: UnsafePointer<Float>,
                    _ N: Int, _ F: Int) {
    Compute.parallelChunks(N, minChunk: 4) { rows in
        for t in rows {
            let g = gateUp + t * 2 * F, u = g + F, d = dout + t * F
            let dg = dgateUp + t * 2 * F, du = dg + F
            for i in 0..<F {
                let sigmoid = 1 / (1 + exp(-g[i]))
                du[i] = d[i] * g[i] * sigmoid
                dg[i] = d[i] * u[i] * sigmoid * (1 + g[i] * (1 - sigmoid))
            }
        }
    }
}
