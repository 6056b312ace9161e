import Safetensors

/// How a checkpoint stores float32 tensors.
///
/// - `float32`: exactly as given; lossless.
/// - `bfloat16`: each float32 tensor is rounded to bfloat16, halving the file. Still a standard
///   safetensors file (dtype `BF16`), but lossy: resuming training from it loses the low mantissa
///   bits, so it suits shipping a model, not continuing to train it. Loading gives `BF16` tensors;
///   `TensorEntry.floats()` widens them.
public enum TensorStorage: String, Sendable, CaseIterable {
    /// Float32 tensors stored as given (lossless; the default).
    case float32 = "f32"
    /// Float32 tensors rounded to bfloat16 (half the size, lossy).
    case bfloat16 = "bf16"

    /// The tensors as they will be stored.
    package func encode(_ tensors: [TensorEntry]) throws(SafetensorsError) -> [TensorEntry] {
        guard self == .bfloat16 else { return tensors }
        return try tensors.map { (tensor) throws(SafetensorsError) -> TensorEntry in
            guard tensor.dtype == .f32 else { return tensor }
            return try TensorEntry(name: tensor.name, shape: tensor.shape, bfloat16From: tensor.floats())
        }
    }
}
