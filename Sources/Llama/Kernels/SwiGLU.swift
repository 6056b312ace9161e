import Foundation

/// out is (T,F); gateUp is (T,2F), each row gate | up (the fused gate and up projections).
/// out = silu(gate) · up, with silu(x) = x · sigmoid(x).
func swigluForward(_ out: Floats, _ gateUp: UnsafePointer<Float>, _ T: Int, _ F: Int) {
    Parallel.chunks(T, flops: 20 * T * F) { rows in
        for t in rows {
            let g = gateUp + t * 2 * F, u = g + F, o = out + t * F
            for i in 0..<F {
                o[i] = g[i] / (1 + exp(-g[i])) * u[i]
            }
        }
    }
}
