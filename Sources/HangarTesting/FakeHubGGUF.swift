import LocalModels

/// Builds GGUF files byte by byte, for tests of the header reader and for fake Hub files that a
/// model loader would accept: every tensor gets its real data size, at an aligned offset.
/// Values are written as the GGUF spec lays them out, little-endian; `raw` escapes and offset
/// overrides let tests write what no valid file would contain.
public struct GGUFBuilder: Sendable {
    public enum Value: Sendable {
        case uint8(UInt8)
        case int8(Int8)
        case uint16(UInt16)
        case int16(Int16)
        case uint32(UInt32)
        case int32(Int32)
        case float32(Float)
        case bool(Bool)
        case string(String)
        case uint64(UInt64)
        case int64(Int64)
        case float64(Double)
        /// Elements must all be of `type` (its GGUF number); strings and nested arrays allowed.
        case array(type: UInt32, [Value])
        /// A value type number and the bytes that follow it, unchecked.
        case raw(type: UInt32, bytes: [UInt8])

        var typeNumber: UInt32 {
            switch self {
            case .uint8: 0
            case .int8: 1
            case .uint16: 2
            case .int16: 3
            case .uint32: 4
            case .int32: 5
            case .float32: 6
            case .bool: 7
            case .string: 8
            case .array: 9
            case .uint64: 10
            case .int64: 11
            case .float64: 12
            case .raw(let type, _): type
            }
        }
    }

    public struct Tensor: Sendable {
        public var name: String
        public var dimensions: [UInt64]
        /// ggml type number (0 = F32, 2 = Q4_0, …).
        public var type: UInt32
        /// Written instead of the tensor's real offset in the data section, to lie about it.
        public var offset: UInt64?

        public init(name: String, dimensions: [UInt64], type: UInt32 = 0, offset: UInt64? = nil) {
            self.name = name
            self.dimensions = dimensions
            self.type = type
            self.offset = offset
        }

        /// Its data size by ggml's table; 0 for the impossible tensors tests write on purpose.
        var byteSize: Int {
            guard let type = GGMLType.known[type], let layout = try? type.layout(dimensions: dimensions) else { return 0 }
            return Int(layout.bytes)
        }
    }

    public var magic: [UInt8] = Array("GGUF".utf8)
    public var version: UInt32 = 3
    public var metadata: [(key: String, value: Value)] = []
    public var tensors: [Tensor] = []
    /// Overrides the counts written in the header, to lie about them.
    public var tensorCountOverride: UInt64?
    public var metadataCountOverride: UInt64?

    public init(version: UInt32 = 3) {
        self.version = version
    }

    /// A typical llama.cpp model header.
    public static func model(
        architecture: String = "qwen3", fileType: UInt32? = 2, contextLength: UInt32? = 40_960,
        parameterCount: UInt64? = nil, tensors: [Tensor] = [Tensor(name: "token_embd.weight", dimensions: [1024, 64], type: 2)]
    ) -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.metadata.append(("general.architecture", .string(architecture)))
        builder.metadata.append(("general.name", .string("Test Model")))
        if let parameterCount { builder.metadata.append(("general.parameter_count", .uint64(parameterCount))) }
        if let contextLength { builder.metadata.append(("\(architecture).context_length", .uint32(contextLength))) }
        builder.metadata.append(("\(architecture).embedding_length", .uint32(1024)))
        builder.metadata.append(("tokenizer.ggml.tokens", .array(type: 8, ["<s>", "</s>", "hello", "world"].map(Value.string))))
        builder.metadata.append(("tokenizer.ggml.scores", .array(type: 6, [0, 0, -1, -2].map(Value.float32))))
        if let fileType { builder.metadata.append(("general.file_type", .uint32(fileType))) }
        builder.metadata.append(("general.alignment", .uint32(32)))
        builder.tensors = tensors
        return builder
    }

    /// `general.alignment` when the metadata sets it as a uint32, as readers take it; else 32.
    public var alignment: Int {
        for (key, value) in metadata where key == "general.alignment" {
            if case .uint32(let alignment) = value, alignment > 0 { return Int(alignment) }
        }
        return 32
    }

    /// The header, the tensor infos, padding to the alignment, then each tensor's data (zeros)
    /// at its aligned offset. The data section is padded with zeros to at least `tensorData`
    /// bytes, so tests can make files of any size.
    public func build(tensorData: Int = 0) -> [UInt8] {
        var out = magic
        Self.append(version, to: &out)
        Self.append(tensorCountOverride ?? UInt64(tensors.count), to: &out)
        Self.append(metadataCountOverride ?? UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            Self.appendString(key, to: &out)
            Self.append(value.typeNumber, to: &out)
            Self.appendPayload(value, to: &out)
        }
        var dataSize = 0
        for tensor in tensors {
            Self.appendString(tensor.name, to: &out)
            Self.append(UInt32(tensor.dimensions.count), to: &out)
            for dimension in tensor.dimensions { Self.append(dimension, to: &out) }
            Self.append(tensor.type, to: &out)
            let offset = padded(dataSize)
            Self.append(tensor.offset ?? UInt64(offset), to: &out)
            dataSize = offset + tensor.byteSize
        }
        out += [UInt8](repeating: 0, count: padded(out.count) - out.count)
        return out + [UInt8](repeating: 0, count: max(dataSize, tensorData))
    }

    private func padded(_ count: Int) -> Int {
        (count + alignment - 1) / alignment * alignment
    }

    public static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    public static func appendString(_ text: String, to out: inout [UInt8]) {
        append(UInt64(text.utf8.count), to: &out)
        out += text.utf8
    }

    static func appendPayload(_ value: Value, to out: inout [UInt8]) {
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
        case .array(let type, let elements):
            append(type, to: &out)
            append(UInt64(elements.count), to: &out)
            for element in elements { appendPayload(element, to: &out) }
        case .raw(_, let bytes): out += bytes
        }
    }
}
