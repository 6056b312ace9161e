import Foundation

/// Trains a `Transformer` in place with AdamW on masked next-token loss over packed variable-length batches.
///
/// The loss of a batch is the mean NLL over all its target tokens (each example's EOS included);
/// prompt tokens are context only. Buffers persist across steps, so steps do not allocate.
public final class Trainer {
    /// The model being trained (its weights change on every `step`).
    public let model: Transformer
    /// Optimiser settings.
    public let options: AdamWOptions
    /// Steps taken so far.
    public private(set) var stepCount = 0
    let gradients: Floats
    private let m: Floats, v: Floats
    private let forward: ForwardPass
    private let backward = BackwardPass()

    /// Prepares to train `model`; gradient and moment buffers take 3× the model's size.
    public init(model: Transformer, options: AdamWOptions = AdamWOptions()) throws {
        try options.validate()
        self.model = model
        self.options = options
        let count = model.parameterCount
        gradients = Floats.allocate(capacity: count)
        m = Floats.allocate(capacity: count)
        v = Floats.allocate(capacity: count)
        for buffer in [gradients, m, v] { buffer.initialize(repeating: 0, count: count) }
        forward = ForwardPass(config: model.config, training: true)
    }

    deinit {
        gradients.deallocate()
        m.deallocate()
        v.deallocate()
    }

    /// One optimiser step on `batch`: forward, backward, clip, AdamW update.
    public func step(_ batch: [TrainingExample]) throws -> TrainingStep {
        let (loss, targets, tokens) = try computeGradients(batch)
        let norm = gradientNorm()
        let clip = options.gradientClip
        let gradScale: Float = clip > 0 && norm > Double(clip) ? clip / Float(norm) : 1
        let lr = options.learningRate(at: stepCount)
        update(learningRate: lr, gradScale: gradScale)
        stepCount += 1
        return TrainingStep(loss: loss, gradientNorm: norm, learningRate: lr, tokens: tokens, targetTokens: targets)
    }

    /// Mean target-token NLL of `batch` under the current weights, without changing anything.
    public func loss(_ batch: [TrainingExample]) throws -> Double {
        let packed = try pack(batch)
        let losses = forward.run(model, packed)
        return losses.reduce(0, +) / Double(max(1, losses.count))
    }

    /// Zeroes the gradients, then fills them for `batch`; returns mean loss, target and total token counts.
    func computeGradients(_ batch: [TrainingExample]) throws -> (Double, Int, Int) {
        let packed = try pack(batch)
        let targets = packed.targets.count { $0 >= 0 }
        gradients.update(repeating: 0, count: model.parameterCount)
        let losses = forward.run(model, packed, gradients: gradients, gradScale: 1 / Float(targets))
        backward.run(model, forward, gradients: gradients)
        return (losses.reduce(0, +) / Double(targets), targets, packed.count)
    }

    private func pack(_ batch: [TrainingExample]) throws -> PackedBatch {
        guard !batch.isEmpty else { throw ModelError(.invalidRequest, "training batch is empty") }
        var packed = PackedBatch(heads: model.config.heads)
        for (i, example) in batch.enumerated() {
            try model.checkTokens(example.tokens, what: "training example \(i)")
            try model.checkLength(example.tokens.count, what: "training example \(i)")
            guard example.lossStart >= 1, example.lossStart < example.tokens.count else {
                throw ModelError(.invalidRequest, "training example \(i) has lossStart \(example.lossStart) "
                                 + "but \(example.tokens.count) tokens; the target must be non-empty and follow "
                                 + "at least one prompt token. HINT: start the prompt with the BOS token")
            }
            let tokens = example.tokens[...]
            packed.append(tokens, targets: PackedBatch.nextTokenTargets(tokens, scoredFrom: example.lossStart - 1))
        }
        return packed
    }

    /// Global L2 norm of the gradient, summed in Double over fixed blocks (thread-count independent).
    private func gradientNorm() -> Double {
        let count = model.parameterCount, blocks = 64, size = (count + blocks - 1) / blocks
        var partial = [Double](repeating: 0, count: blocks)
        let g = gradients
        partial.withUnsafeMutableBufferPointer { partial in
            let out = partial.baseAddress!
            Compute.parallelFor(blocks) { b in
                var sum: Double = 0
                for i in (b * size)..<min(count, (b + 1) * size) { sum += Double(g[i]) * Double(g[i]) }
                out[b] = sum
            }
        }
        return partial.reduce(0, +).squareRoot()
    }

    /// AdamW with bias correction; decay only on tensors marked `decays`.
    private func update(learningRate lr: Float, gradScale: Float) {
        let t = Float(stepCount + 1), o = options
        let correction1 = 1 - powf(o.beta1, t), correction2 = 1 - powf(o.beta2, t)
        let p = model.parameters, g = gradients, m = m, v = v
        // In bf16 the weights' bf16 copy follows each chunk while it is still in cache.
        let copy = model.bf16Weights
        copy?.markStale()
        defer { copy?.markCurrent() }
        for tensor in model.layout.tensors {
            let decay = tensor.decays ? o.weightDecay : 0, base = tensor.offset
            Compute.parallelChunks(tensor.count, minChunk: 16384) { range in
                for j in range {
                    let i = base + j, grad = g[i] * gradScale
                    m[i] = o.beta1 * m[i] + (1 - o.beta1) * grad
                    v[i] = o.beta2 * v[i] + (1 - o.beta2) * grad * grad
                    let mHat = m[i] / correction1, vHat = v[i] / correction2
                    p[i] -= lr * (mHat / (vHat.squareRoot() + o.epsilon) + decay * p[i])
                }
                copy?.update((base + range.lowerBound)..<(base + range.upperBound), from: p)
            }
        }
    }
}
