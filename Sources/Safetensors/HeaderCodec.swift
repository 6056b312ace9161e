import Foundation

/// Encodes and decodes the JSON header exactly as the reference writer lays it out.
enum HeaderCodec {
    /// The reference implementation's cap on the header length (100 MB); larger means corruption.
    static let maxHeaderLength = 100_000_000

    typealias Record = SafetensorsHeader.Record

    /// The 8-byte little-endian length plus compact JSON padded with spaces to a multiple of 8 bytes.
    static func encode(tensors: [TensorEntry], metadata: [String: String]) -> [UInt8] {
        var json = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(JSONText.quoted($0)):\(JSONText.quoted(metadata[$0]!))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(JSONText.quoted(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                          + "\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}")
            offset += tensor.data.count
        }
        json += fields.joined(separator: ",") + "}"
        var body = Array(json.utf8)
        body.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - body.count % 8) % 8))
        var length = UInt64(body.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + body
    }

    /// Parses the JSON header into metadata and records; checks dtypes and offset shape, not bounds.
    static func decode(_ json: UnsafeRawBufferPointer) throws(SafetensorsError) -> (metadata: [String: String],
                                                                                 records: [Record]) {
        let header: RawHeader
        do {
            header = try JSONDecoder().decode(RawHeader.self, from: Data(json))
        } catch let error as SafetensorsError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw SafetensorsError(.invalidJSON, "the header is not valid JSON (\(context.debugDescription))",
                                   hint: "the file is corrupt or not a safetensors file; re-create it")
        } catch {
            throw SafetensorsError(.invalidHeader, "the header is not a safetensors header: \(error)",
                                   hint: "each tensor needs dtype, shape and data_offsets; re-create the file")
        }
        return (header.metadata, header.records)
    }
}

/// The header's top-level object: `__metadata__` plus one object per tensor.
private struct RawHeader: Decodable {
    var metadata: [String: String] = [:]
    var records: [HeaderCodec.Record] = []

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Info: Decodable {
        var dtype: String
        var shape: [Int]
        var data_offsets: [Int]
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
                continue
            }
            let info = try container.decode(Info.self, forKey: key)
            let name = key.stringValue
            guard let dtype = DType(rawValue: info.dtype) else {
                throw SafetensorsError(.unknownDType, "tensor '\(name)' has unknown dtype '\(info.dtype)'",
                    hint: "supported dtypes: \(DType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard info.data_offsets.count == 2 else {
                throw SafetensorsError(.badOffsets, "tensor '\(name)' has data_offsets \(info.data_offsets)",
                                       hint: "data_offsets must be [begin, end]; the file is corrupt")
            }
            records.append(.init(name: name, dtype: dtype, shape: info.shape,
                                 begin: info.data_offsets[0], end: info.data_offsets[1]))
        }
    }
}
