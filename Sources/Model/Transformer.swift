/// A decoder-only language model of either family (`ModelConfig.Family`): its configuration and every weight
/// in one flat buffer with named views. Scoring, decoding and training never ask which family it is.
///
/// Scoring and decoding only read the weights and may run concurrently; a `Trainer` writes them,
/// so do not score or decode a model while it trains (train a `copy()` instead).
public final class Transformer: @unchecked Sendable {
    /// The model's shape.
    public let config: ModelConfig
    let layout: ParameterLayout
    let parameters: Floats
    /// The bf16 copy of the weights, present while `precision` is bf16.
    private(set) var bf16Weights: BF16Weights?

    /// The precision of the model's matrix products, `Compute.precision` when made (fp32, exact, unless a command
    /// chose otherwise). Set it before scoring or training, not while either runs; bf16 requires
    /// `Precision.check()` to pass on this CPU.
    public var precision: Precision {
        didSet {
            guard precision != oldValue else { return }
            bf16Weights = precision == .bf16 ? BF16Weights(count: layout.count) : nil
        }
    }

    /// A freshly initialised model, as HF initialises the family: weights normal(0, 0.02) (GPT-2's residual
    /// projections scaled by 1/sqrt(2L)), biases 0, norm weights 1. The same seed gives the same weights.
    public convenience init(config: ModelConfig, seed: UInt64) throws {
        try self.init(config: config)
        var random = SeededRandom(seed: seed)
        let residualStd = 0.02 / Float(2 * config.layers).squareRoot()
        for tensor in layout.tensors {
            let p = parameters + tensor.offset
            if tensor.shape.count == 1 {
                // 1-D tensors are norm weights (1) or biases (already 0).
                if !tensor.name.hasSuffix(".bias") { p.update(repeating: 1, count: tensor.count) }
            } else {
                let scaled = config.family == .gpt2 && tensor.name.hasSuffix("c_proj.weight")
                let std = scaled ? residualStd : 0.02
                for i in 0..<tensor.count { p[i] = random.normal() * std }
            }
        }
    }

    /// A model with all weights zero, to be filled by a loader.
    init(config: ModelConfig) throws {
        try config.validate()
        self.config = config
        layout = ParameterLayout(config)
        parameters = Floats.allocate(capacity: layout.count)
        parameters.initialize(repeating: 0, count: layout.count)
        precision = Compute.precision
        bf16Weights = precision == .bf16 ? BF16Weights(count: layout.count) : nil
    }

    deinit { parameters.deallocate() }

    /// Number of weights.
    public var parameterCount: Int { layout.count }

    /// Every tensor with its HF name, shape and place in the flat buffer, in a fixed order.
    public var tensors: [ParameterTensor] { layout.tensors }

    /// An independent copy with the same weights.
    public func copy() -> Transformer {
        // A valid config made `self`, so making another model with it cannot fail.
        guard let twin = try? Transformer(config: config) else { preconditionFailure("config validated before") }
        twin.parameters.update(from: parameters, count: layout.count)
        twin.precision = precision
        return twin
    }

    /// The values of the tensor named `name` (its HF name; GPT-2's without `transformer.`), or nil if unknown.
    public func tensor(named name: String) -> [Float]? {
        guard let t = layout.tensors.first(where: { $0.name == name }) else { return nil }
        return Array(UnsafeBufferPointer(start: parameters + t.offset, count: t.count))
    }

    /// Replaces the tensor named `name`; throws if the name is unknown or the size differs.
    public func setTensor(named name: String, values: [Float]) throws {
        guard let t = layout.tensors.first(where: { $0.name == name }) else {
            throw ModelError(.invalidCheckpoint, "no tensor named `\(name)` in a \(config.modelType) model")
        }
        guard values.count == t.count else {
            throw ModelError(.invalidCheckpoint,
                             "tensor `\(name)` needs \(t.count) values (shape \(t.shape)), got \(values.count)")
        }
        values.withUnsafeBufferPointer { (parameters + t.offset).update(from: $0.baseAddress!, count: t.count) }
        bf16Weights?.markStale()
    }

    /// The weights as this pass's products read them: in bf16 precision, with a current bf16 copy.
    func matrixWeights() -> MatrixWeights {
        guard let bf16Weights else { return MatrixWeights(f32: parameters, bf16: nil) }
        bf16Weights.refresh(from: parameters)
        return MatrixWeights(f32: parameters, bf16: UnsafePointer(bf16Weights.pointer))
    }

    /// All weights, in `tensors` order.
    public var flatParameters: [Float] { Array(UnsafeBufferPointer(start: parameters, count: layout.count)) }

    /// Throws unless every token id is inside the vocabulary.
    func checkTokens(_ tokens: [Int32], what: String) throws {
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw ModelError(.invalidToken, "\(what) holds token id \(bad), outside the vocabulary of "
                             + "\(config.vocabSize). HINT: tokenize with this model's tokenizer")
        }
    }
}

extension Transformer {
    /// Throws unless a sequence of `length` tokens fits the context window.
    func checkLength(_ length: Int, what: String) throws {
        if length > config.contextLength {
            throw ModelError(.contextOverflow, "\(what) has \(length) tokens but the context length is "
                             + "\(config.contextLength). HINT: truncate the prompt to fit")
        }
    }
}
