import HangarCore

/// Reads what Hangar shows about a model from a GGUF file's header (versions 2 and 3,
/// little-endian): architecture, parameter count, quantization and context length.
///
/// Files come from the internet, so nothing in them is trusted: every count and length is
/// capped and checked against the real file size before use, every tensor's data must lie inside
/// the file, only the header is read (never the tensor data), and memory stays at one small
/// window whatever the file claims.
public enum GGUFReader {
    /// The GGUF spec limits keys to 65535 bytes.
    static let maxKeyLength: UInt64 = 65_535
    /// Chat templates are the longest strings in practice, a few tens of KiB.
    static let maxStringLength: UInt64 = 16 << 20
    /// Vocabularies run to a few hundred thousand tokens.
    static let maxArrayCount: UInt64 = 1 << 24
    static let maxEntryCount: UInt64 = 1 << 16
    static let maxTensorCount: UInt64 = 1 << 20
    /// GGML_MAX_DIMS.
    static let maxDimensions: UInt32 = 4
    static let maxArrayDepth = 2
    /// Longest string value worth keeping; architecture names are short.
    static let keptStringLength = 256

    public static func read(path: String) throws(GGUFError) -> GGUFMetadata {
        var cursor = try GGUFCursor(path: path)
        let (tensorCount, entryCount) = try readHeader(&cursor)
        var found = Found()
        for _ in 0..<entryCount {
            try readEntry(&cursor, into: &found)
        }
        let tensors = try readTensorInfos(&cursor, count: tensorCount, alignment: try alignment(found.alignment))
        return GGUFMetadata(
            architecture: found.architecture, parameterCount: found.parameterCount ?? (tensorCount > 0 ? tensors.elements : nil),
            quantization: found.fileType.map(GGUFFileType.name(of:)), contextLength: try contextLength(found))
    }

    /// The architecture's context length. A value no integer holds, or a negative one, makes the
    /// file invalid rather than its context unknown: no loader would read it either.
    private static func contextLength(_ found: Found) throws(GGUFError) -> Int? {
        switch found.architecture.flatMap({ found.contextLengths[$0 + ".context_length"] }) {
        case .integer(let length)?:
            guard length >= 0, let length = Int(exactly: length) else { throw .contextLengthOutOfRange }
            return length > 0 ? length : nil
        case .outOfRange?:
            throw .contextLengthOutOfRange
        case .string?, nil:
            return nil
        }
    }

    /// Magic, version, and the two counts that size everything after.
    private static func readHeader(_ cursor: inout GGUFCursor) throws(GGUFError) -> (tensors: UInt64, entries: UInt64) {
        guard cursor.fileSize >= 4 else { throw .notGGUF }
        let magic = try cursor.withBytes(4) { Array($0) }
        guard magic == Array("GGUF".utf8) else { throw .notGGUF }
        let version = try cursor.u32()
        switch version {
        case 2, 3:
            break
        case 1:
            throw GGUFError("GGUF version 1 is not supported (the file predates 2023-08; convert it again)")
        case _ where version.byteSwapped == 2 || version.byteSwapped == 3:
            throw GGUFError("big-endian GGUF files are not supported")
        default:
            throw GGUFError("unsupported GGUF version \(version)")
        }
        let tensors = try cursor.u64()
        guard tensors <= maxTensorCount else { throw GGUFError("too many tensors") }
        let entries = try cursor.u64()
        guard entries <= maxEntryCount else { throw GGUFError("too many metadata entries") }
        return (tensors, entries)
    }
}
