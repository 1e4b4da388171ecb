extension GGUFReader {
    /// The few values Hangar keeps, gathered while every other entry is skipped.
    struct Found {
        var architecture: String?
        var fileType: Int64?
        var parameterCount: Int64?
        /// `general.alignment`; nil when the file does not set it.
        var alignment: Int64?
        /// By key: the architecture may be named after its context length.
        var contextLengths: [String: Scalar] = [:]
    }

    enum Scalar {
        case integer(Int64)
        case string(String)
        /// A uint64 past Int64's range.
        case outOfRange
    }

    /// GGUF value types, by their number in the file.
    enum ValueType: UInt32 {
        case uint8 = 0
        case int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

        /// Bytes per value for fixed-size types.
        var width: Int64? {
            switch self {
            case .uint8, .int8, .bool: 1
            case .uint16, .int16: 2
            case .uint32, .int32, .float32: 4
            case .uint64, .int64, .float64: 8
            case .string, .array: nil
            }
        }
    }

    static func readEntry(_ cursor: inout GGUFCursor, into found: inout Found) throws(GGUFError) {
        // Keys Hangar wants are short; a longer one is read past like any other entry.
        let key = try cursor.string(keep: 4096, limit: maxKeyLength) ?? ""
        let type = try valueType(cursor.u32())
        let wanted =
            ["general.architecture", "general.file_type", "general.parameter_count", "general.alignment"].contains(key)
            || (key.hasSuffix(".context_length") && found.contextLengths.count < 32)
        let value = try readValue(&cursor, type: type, keep: wanted, depth: 0)
        switch (key, value) {
        case ("general.architecture", .string(let name)?): found.architecture = name
        case ("general.file_type", .integer(let number)?): found.fileType = number
        case ("general.parameter_count", .integer(let number)?) where number > 0: found.parameterCount = number
        case ("general.alignment", .integer(let number)?): found.alignment = number
        case ("general.alignment", _): throw invalidAlignment
        case (_, let value?) where key.hasSuffix(".context_length"): found.contextLengths[key] = value
        default: break
        }
    }

    private static func valueType(_ raw: UInt32) throws(GGUFError) -> ValueType {
        guard let type = ValueType(rawValue: raw) else { throw GGUFError("unknown value type \(raw)") }
        return type
    }

    /// Reads or skips one value; returns it only when kept and of a kind Hangar uses.
    private static func readValue(_ cursor: inout GGUFCursor, type: ValueType, keep: Bool, depth: Int)
        throws(GGUFError) -> Scalar?
    {
        switch type {
        case .string:
            return try cursor.string(keep: keep ? keptStringLength : 0, limit: maxStringLength).map(Scalar.string)
        case .array:
            try skipArray(&cursor, depth: depth)
            return nil
        case .uint8 where keep: return .integer(Int64(try cursor.u8()))
        case .int8 where keep: return .integer(Int64(Int8(bitPattern: try cursor.u8())))
        case .uint16 where keep: return .integer(Int64(try cursor.u16()))
        case .int16 where keep: return .integer(Int64(Int16(bitPattern: try cursor.u16())))
        case .uint32 where keep: return .integer(Int64(try cursor.u32()))
        case .int32 where keep: return .integer(Int64(Int32(bitPattern: try cursor.u32())))
        case .uint64 where keep: return Int64(exactly: try cursor.u64()).map(Scalar.integer) ?? .outOfRange
        case .int64 where keep: return .integer(Int64(bitPattern: try cursor.u64()))
        default:
            try cursor.skip(type.width ?? 0)
            return nil
        }
    }

    private static func skipArray(_ cursor: inout GGUFCursor, depth: Int) throws(GGUFError) {
        let elementType = try valueType(cursor.u32())
        let count = try cursor.u64()
        guard count <= maxArrayCount else { throw .arrayTooLong }
        if let width = elementType.width {
            try cursor.skip(Int64(count) * width)
            return
        }
        if elementType == .array && depth + 1 >= maxArrayDepth { throw GGUFError("arrays nested too deeply") }
        for _ in 0..<count {
            if elementType == .string {
                _ = try cursor.string(keep: 0, limit: maxStringLength)
            } else {
                try skipArray(&cursor, depth: depth + 1)
            }
        }
    }
}
