/// A tensor info as read, before it is checked against the alignment and the file size.
struct RawTensorInfo {
    var name: String
    var dimensions: [Int]
    var type: GGMLType
    var offset: UInt64
    /// Where this info starts in the file, for error messages.
    var infoOffset: Int
}

extension ByteCursor {
    /// ggml tensors have at most 4 dimensions (GGML_MAX_DIMS); llama.cpp rejects more.
    static let maxDimensions = 4

    /// Reads `count` tensor infos: name, uint32 n_dims, n_dims x uint64 ne, uint32 ggml type, uint64 offset.
    mutating func readTensorInfos(count: Int) throws(GGUFError) -> [RawTensorInfo] {
        guard count <= remaining / 24 else {
            try require(count * 24, "\(count) tensor infos (at least 24 bytes each)")
            return []
        }
        var infos: [RawTensorInfo] = []
        infos.reserveCapacity(count)
        for i in 0..<count {
            let start = offset
            let name = try readString("the name of tensor info \(i)")
            let dimsAt = offset
            let nDims = try read(UInt32.self, "the dimension count of tensor '\(name)'")
            guard nDims <= Self.maxDimensions else {
                throw GGUFError(.invalidTensorShape,
                                "GGUF file '\(fileName)' gives tensor '\(name)' \(nDims) dimensions at byte offset \(dimsAt); "
                                    + "ggml allows at most \(Self.maxDimensions).",
                                hint: "The file is corrupt; re-convert the model.")
            }
            let rawDims = try readArray(UInt64.self, Int(nDims), "the \(nDims) dimensions of tensor '\(name)'")
            var dims: [Int] = []
            for d in rawDims {
                guard let value = Int(exactly: d) else {
                    throw GGUFError(.invalidTensorShape,
                                    "GGUF file '\(fileName)' gives tensor '\(name)' dimension \(d) at byte offset \(dimsAt), "
                                        + "which does not fit in Int64.",
                                    hint: "The file is corrupt; re-convert the model.")
                }
                dims.append(value)
            }
            let typeAt = offset
            let rawType = try read(UInt32.self, "the ggml type of tensor '\(name)'")
            guard let type = GGMLType(rawValue: rawType) else {
                throw GGUFError(.unknownGGMLType,
                                "GGUF file '\(fileName)' gives tensor '\(name)' unknown ggml type id \(rawType) at byte offset \(typeAt).",
                                hint: "The file uses a quantization newer than this reader (or a removed one such as Q4_2 or "
                                    + "Q4_0_4_4); re-quantize it with llama-quantize to a supported type such as Q8_0 or F16.")
            }
            let tensorOffset = try read(UInt64.self, "the data offset of tensor '\(name)'")
            infos.append(RawTensorInfo(name: name, dimensions: dims, type: type, offset: tensorOffset, infoOffset: start))
        }
        return infos
    }
}

extension GGUFFile {
    /// Checks each tensor's shape against its block size, its offset against the alignment, and its bytes
    /// against the file size, so later reads of the mapping can never go out of bounds.
    static func validate(_ raw: [RawTensorInfo], dataOffset: Int, alignment: Int,
                         fileSize: Int, fileName: String) throws(GGUFError) -> [GGUFTensorInfo] {
        var result: [GGUFTensorInfo] = []
        result.reserveCapacity(raw.count)
        for (i, t) in raw.enumerated() {
            let at = "tensor '\(t.name)' (info at byte offset \(t.infoOffset)) in GGUF file '\(fileName)'"
            var elements = 1
            for d in t.dimensions {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else {
                    throw GGUFError(.invalidTensorShape, "\(at) has dimensions \(t.dimensions) whose product overflows Int64.",
                                    hint: "The file is corrupt; re-convert the model.")
                }
                elements = product
            }
            let rowLength = t.dimensions.first ?? 1
            guard rowLength % t.type.blockSize == 0 else {
                throw GGUFError(.invalidTensorShape,
                                "\(at) has ne[0] = \(rowLength), not a multiple of the \(t.type) block size \(t.type.blockSize).",
                                hint: "The file is corrupt or was quantized by a buggy tool; re-quantize it with llama-quantize.")
            }
            let (bytes, bytesOverflow) = (elements / t.type.blockSize).multipliedReportingOverflow(by: t.type.bytesPerBlock)
            guard !bytesOverflow else {
                throw GGUFError(.invalidTensorShape, "\(at) has dimensions \(t.dimensions) whose byte size overflows Int64.",
                                hint: "The file is corrupt; re-convert the model.")
            }
            guard t.offset % UInt64(alignment) == 0 else {
                throw GGUFError(.misalignedTensorOffset,
                                "\(at) has data offset \(t.offset), not a multiple of the alignment \(alignment).",
                                hint: "The file is corrupt or its general.alignment does not match how it was written; re-convert it.")
            }
            guard let relative = Int(exactly: t.offset), relative <= fileSize,
                  dataOffset + relative <= fileSize, bytes <= fileSize - dataOffset - relative else {
                throw GGUFError(.tensorOutOfBounds,
                                "\(at) spans bytes \(UInt64(dataOffset) &+ t.offset)..<\(UInt64(dataOffset) &+ t.offset &+ UInt64(bytes)) "
                                    + "(data section at \(dataOffset), offset \(t.offset), \(bytes) bytes of \(t.type)), "
                                    + "past the end of the file at \(fileSize).",
                                hint: "The file is truncated (an interrupted download or copy); download or convert it again.")
            }
            result.append(GGUFTensorInfo(name: t.name, dimensions: t.dimensions, type: t.type, offset: relative,
                                         fileOffset: dataOffset + relative, elementCount: elements,
                                         byteCount: bytes, index: i))
        }
        return result
    }
}
