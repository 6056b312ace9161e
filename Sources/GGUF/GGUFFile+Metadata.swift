extension GGUFFile {
    /// The value stored under `key`; throws `missingKey` naming similar keys when absent.
    public func value(_ key: String) throws(GGUFError) -> GGUFValue {
        guard let value = metadata[key] else {
            // Architecture-specific keys are prefixed ('llama.context_length'), so suggest keys with the same suffix.
            let suffix = key.split(separator: ".").last.map(String.init) ?? key
            let similar = metadataKeys.filter { $0.hasSuffix("." + suffix) || $0 == suffix }.prefix(3)
            let suggestion = similar.isEmpty ? "" : " Similar keys: \(similar.map { "'\($0)'" }.joined(separator: ", "))."
            throw GGUFError(.missingKey,
                            "GGUF file '\(path)' has no metadata key '\(key)' (it has \(metadataKeys.count) keys).\(suggestion)",
                            hint: "Check the spelling; architecture keys start with general.architecture "
                                + "(e.g. 'llama.context_length'); use `metadata[key]` when the key is optional.")
        }
        return value
    }

    /// The STRING stored under `key`.
    public func string(_ key: String) throws(GGUFError) -> String {
        let v = try value(key)
        guard case .string(let s) = v else { throw wrongType(key, v, expected: "STRING", accessor: "string(_:)") }
        return s
    }

    /// The BOOL stored under `key`.
    public func bool(_ key: String) throws(GGUFError) -> Bool {
        let v = try value(key)
        guard case .bool(let b) = v else { throw wrongType(key, v, expected: "BOOL", accessor: "bool(_:)") }
        return b
    }

    /// Any integer type under `key` as Int, because converters disagree on UINT32 vs INT32 vs UINT64 for ids and sizes.
    public func integer(_ key: String) throws(GGUFError) -> Int {
        let v = try value(key)
        guard let wide = v.integerValue else {
            if case .uint64(let big) = v { throw outOfRange(key, "\(big)") }
            throw wrongType(key, v, expected: "an integer type", accessor: "integer(_:)")
        }
        guard let result = Int(exactly: wide) else { throw outOfRange(key, "\(wide)") }
        return result
    }

    /// A FLOAT32 or FLOAT64 under `key` as Double (FLOAT32 widens exactly).
    public func float(_ key: String) throws(GGUFError) -> Double {
        let v = try value(key)
        switch v {
        case .float32(let f): return Double(f)
        case .float64(let d): return d
        default: throw wrongType(key, v, expected: "FLOAT32 or FLOAT64", accessor: "float(_:)")
        }
    }

    /// The ARRAY under `key`, of any element type.
    public func array(_ key: String) throws(GGUFError) -> GGUFArray {
        let v = try value(key)
        guard case .array(let a) = v else { throw wrongType(key, v, expected: "ARRAY", accessor: "array(_:)") }
        return a
    }

    /// An ARRAY of STRING under `key`, e.g. `tokenizer.ggml.tokens` or `tokenizer.ggml.merges`.
    public func stringArray(_ key: String) throws(GGUFError) -> [String] {
        let a = try array(key)
        guard case .string(let s) = a else { throw wrongType(key, .array(a), expected: "ARRAY of STRING", accessor: "stringArray(_:)") }
        return s
    }

    /// An ARRAY of any integer type under `key` as [Int], e.g. `tokenizer.ggml.token_type` (INT32).
    public func integerArray(_ key: String) throws(GGUFError) -> [Int] {
        let a = try array(key)
        switch a {
        case .uint8(let x): return x.map(Int.init)
        case .int8(let x): return x.map(Int.init)
        case .uint16(let x): return x.map(Int.init)
        case .int16(let x): return x.map(Int.init)
        case .uint32(let x): return x.map(Int.init)
        case .int32(let x): return x.map(Int.init)
        case .int64(let x): return x.map(Int.init)
        case .uint64(let x):
            var out: [Int] = []
            out.reserveCapacity(x.count)
            for e in x {
                guard let i = Int(exactly: e) else { throw outOfRange(key, "element \(e)") }
                out.append(i)
            }
            return out
        default: throw wrongType(key, .array(a), expected: "ARRAY of an integer type", accessor: "integerArray(_:)")
        }
    }

    /// An ARRAY of FLOAT32 (or FLOAT64, narrowed, since model code computes in Float) under `key`, e.g. token scores.
    public func floatArray(_ key: String) throws(GGUFError) -> [Float] {
        let a = try array(key)
        switch a {
        case .float32(let x): return x
        case .float64(let x): return x.map { Float($0) }
        default: throw wrongType(key, .array(a), expected: "ARRAY of FLOAT32 or FLOAT64", accessor: "floatArray(_:)")
        }
    }

    /// `general.architecture`, which prefixes every architecture-specific key.
    public func architecture() throws(GGUFError) -> String {
        try string("general.architecture")
    }

    private func describe(_ v: GGUFValue) -> String {
        if case .array(let a) = v { return "ARRAY of \(a.elementType) (\(a.count) elements)" }
        return v.type.description
    }

    private func wrongType(_ key: String, _ v: GGUFValue, expected: String, accessor: String,
                           fileID: String = #fileID, line: Int = #line) -> GGUFError {
        GGUFError(.wrongMetadataType,
                  "GGUF file '\(path)': metadata key '\(key)' (at byte offset \(metadataOffsets[key] ?? -1)) holds "
                      + "\(describe(v)), but \(accessor) expects \(expected).",
                  hint: "Use value(_:) to read it as stored, or the accessor matching \(describe(v)).",
                  file: fileID, line: line)
    }

    private func outOfRange(_ key: String, _ what: String, fileID: String = #fileID, line: Int = #line) -> GGUFError {
        GGUFError(.valueOutOfRange,
                  "GGUF file '\(path)': metadata key '\(key)' (at byte offset \(metadataOffsets[key] ?? -1)) holds "
                      + "\(what), which does not fit in Int.",
                  hint: "Read it with value(_:) as UINT64.", file: fileID, line: line)
    }
}
