@testable import GGUF

/// One tensor for `GGUFTestWriter`: dims in GGUF order, a raw type id (so unknown ids can be written), its bytes.
struct TestTensor {
    var name: String
    var dims: [UInt64]
    var type: UInt32
    var data: [UInt8]
    /// Stored offset; nil lays the tensor out after the previous one at the next aligned position.
    var offset: UInt64? = nil
}

/// Writes GGUF images from the format description, independently of the reader, with knobs for corrupting them.
struct GGUFTestWriter {
    var magic: [UInt8] = Array("GGUF".utf8)
    var version: UInt32 = 3
    var metadata: [(String, GGUFValue)] = []
    var tensors: [TestTensor] = []
    /// Alignment used for layout; write a `general.alignment` entry yourself to declare another one.
    var alignment = 32
    /// False stops after the tensor infos and padding, for offsets too large to materialize.
    var writesData = true

    func bytes() -> [UInt8] {
        var out: [UInt8] = magic
        append(version, to: &out)
        append(UInt64(tensors.count), to: &out)
        append(UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            appendString(key, to: &out)
            append(value.type.rawValue, to: &out)
            appendValue(value, to: &out)
        }
        var placed: [(offset: Int, data: [UInt8])] = []
        var next = 0
        for t in tensors {
            let offset = t.offset.map(Int.init) ?? next
            placed.append((offset, t.data))
            next = (offset + t.data.count + alignment - 1) / alignment * alignment
            appendString(t.name, to: &out)
            append(UInt32(t.dims.count), to: &out)
            for d in t.dims { append(d, to: &out) }
            append(t.type, to: &out)
            append(UInt64(offset), to: &out)
        }
        guard !tensors.isEmpty, writesData else { return out }
        while out.count % alignment != 0 { out.append(0) }
        let dataStart = out.count
        let end = placed.map { $0.offset + $0.data.count }.max() ?? 0
        out += [UInt8](repeating: 0, count: end)
        for p in placed {
            out.replaceSubrange(dataStart + p.offset ..< dataStart + p.offset + p.data.count, with: p.data)
        }
        return out
    }

    func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    func appendString(_ s: String, to out: inout [UInt8]) {
        append(UInt64(s.utf8.count), to: &out)
        out += Array(s.utf8)
    }

    func appendValue(_ value: GGUFValue, to out: inout [UInt8]) {
        switch value {
        case .uint8(let v): append(v, to: &out)
        case .int8(let v): append(v, to: &out)
        case .uint16(let v): append(v, to: &out)
        case .int16(let v): append(v, to: &out)
        case .uint32(let v): append(v, to: &out)
        case .int32(let v): append(v, to: &out)
        case .float32(let v): append(v.bitPattern, to: &out)
        case .bool(let v): out.append(v ? 1 : 0)
        case .string(let v): appendString(v, to: &out)
        case .uint64(let v): append(v, to: &out)
        case .int64(let v): append(v, to: &out)
        case .float64(let v): append(v.bitPattern, to: &out)
        case .array(let a): appendArray(a, to: &out)
        }
    }

    func appendArray(_ array: GGUFArray, to out: inout [UInt8]) {
        append(array.elementType.rawValue, to: &out)
        append(UInt64(array.count), to: &out)
        switch array {
        case .uint8(let a): a.forEach { append($0, to: &out) }
        case .int8(let a): a.forEach { append($0, to: &out) }
        case .uint16(let a): a.forEach { append($0, to: &out) }
        case .int16(let a): a.forEach { append($0, to: &out) }
        case .uint32(let a): a.forEach { append($0, to: &out) }
        case .int32(let a): a.forEach { append($0, to: &out) }
        case .float32(let a): a.forEach { append($0.bitPattern, to: &out) }
        case .bool(let a): a.forEach { out.append($0 ? 1 : 0) }
        case .string(let a): a.forEach { appendString($0, to: &out) }
        case .uint64(let a): a.forEach { append($0, to: &out) }
        case .int64(let a): a.forEach { append($0, to: &out) }
        case .float64(let a): a.forEach { append($0.bitPattern, to: &out) }
        case .array(let a): a.forEach { appendArray($0, to: &out) }
        }
    }
}

/// Little-endian byte helpers for building blocks by hand.
enum Bytes {
    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    static func f32(_ v: [Float]) -> [UInt8] { v.flatMap { u32($0.bitPattern) } }
}
