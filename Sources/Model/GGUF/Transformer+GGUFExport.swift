import GGUF

/// The model as llama.cpp lays out a Llama-family GGUF file: architecture metadata and tensors under ggml
/// names, Q/K rows permuted for the `llama` architecture (the inverse of the loader's un-permutation).
extension Transformer {
    /// The precision matrices are stored in; vectors (norm weights, biases) stay F32, as llama.cpp's converter
    /// keeps them.
    public enum GGUFPrecision: String, Sendable, CaseIterable {
        case f32, f16, bf16

        var matrixType: GGMLType {
            switch self {
            case .f32: .f32
            case .f16: .f16
            case .bf16: .bf16
            }
        }
    }

    /// The GGUF architecture this model is written as: Mistral has no architecture of its own in llama.cpp.
    var ggufArchitecture: String { config.modelType == "qwen2" ? "qwen2" : "llama" }

    /// `general.architecture` and the `<arch>.*` hyperparameters llama.cpp and `ModelConfig(gguf:)` read.
    public func ggufMetadata() throws(ModelError) -> [(key: String, value: GGUFValue)] {
        guard config.family == .llama else {
            throw ModelError(.unsupportedModel, "GGUF export is implemented for the Llama family; this is a "
                             + "\(config.modelType) model", hint: "export it as an HF directory instead (--format hf)")
        }
        let arch = ggufArchitecture
        func u32(_ value: Int) -> GGUFValue { .uint32(UInt32(value)) }
        var entries: [(key: String, value: GGUFValue)] = [
            ("general.architecture", .string(arch)),
            ("general.name", .string("activetune \(config.modelType)")),
            ("\(arch).context_length", u32(config.contextLength)),
            ("\(arch).embedding_length", u32(config.width)),
            ("\(arch).block_count", u32(config.layers)),
            ("\(arch).feed_forward_length", u32(config.ffnWidth)),
            ("\(arch).attention.head_count", u32(config.heads)),
            ("\(arch).attention.head_count_kv", u32(config.kvHeads)),
            ("\(arch).attention.key_length", u32(config.headDim)),
            ("\(arch).attention.value_length", u32(config.headDim)),
            ("\(arch).rope.dimension_count", u32(config.headDim)),
            ("\(arch).rope.freq_base", .float32(config.ropeBase)),
            ("\(arch).attention.layer_norm_rms_epsilon", .float32(config.layerNormEpsilon)),
            ("\(arch).vocab_size", u32(config.vocabSize)),
        ]
        if case .linear(let factor) = config.ropeScaling {
            entries.append(("\(arch).rope.scaling.type", .string("linear")))
            entries.append(("\(arch).rope.scaling.factor", .float32(factor)))
        }
        return entries
    }

    /// Adds every tensor to `writer` under its ggml name (`token_embd.weight`, `blk.0.attn_q.weight`, ...),
    /// streamed so that writing holds one tensor besides the model; Llama 3 RoPE scaling becomes
    /// `rope_freqs.weight`, the per-pair divisors llama.cpp applies.
    public func addGGUFTensors(to writer: inout GGUFWriter, precision: GGUFPrecision) throws(GGUFError) {
        let permuted = ModelConfig.ggufArchitectures[ggufArchitecture] ?? false
        let config = self.config, base = UncheckedBox(parameters)
        for tensor in layout.tensors {
            let type: GGMLType = tensor.shape.count == 2 ? precision.matrixType : .f32
            try writer.addTensor(name: Self.ggufName(of: tensor.name), shape: tensor.shape, as: type) { slot in
                slot.baseAddress!.update(from: base.value + tensor.offset, count: tensor.count)
                if permuted { Self.reorderQK(tensor, slot.baseAddress!, config, toLlamaCpp: true) }
            }
        }
        if let divisors = ropeFrequencyDivisors {
            try writer.addTensor(name: "rope_freqs.weight", shape: [divisors.count], values: divisors, as: .f32)
        }
    }

    /// The divisors of each rotated pair's frequency that RoPE scaling amounts to, or nil without scaling
    /// (or with linear scaling, which GGUF records as metadata).
    private var ropeFrequencyDivisors: [Float]? {
        switch config.ropeScaling {
        case .none, .linear:
            return nil
        case .frequencyDivisors(let divisors):
            return divisors
        case .llama3:
            let plain = RopeScaling.none.inverseFrequencies(headDim: config.headDim, base: config.ropeBase)
            let scaled = config.ropeScaling.inverseFrequencies(headDim: config.headDim, base: config.ropeBase)
            return zip(plain, scaled).map { $0 / $1 }
        }
    }
}
