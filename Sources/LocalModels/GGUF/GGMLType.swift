/// How ggml lays out one tensor type on disk: elements come in blocks of `blockSize`, each
/// stored in `typeSize` bytes. A tensor's size follows from its element count alone, so the
/// reader can check every tensor against the file without reading its data.
public struct GGMLType: Sendable, Equatable {
    public let name: String
    public let blockSize: Int64
    public let typeSize: Int64

    /// The types ggml reads from GGUF files today, by their number in the file. Numbers ggml
    /// retired (4–5, the Q4_0_x_x repacks 31–33, the IQ4_NL_x_x repacks 36–38) are refused by
    /// ggml itself, and types whose layout is still settling upstream (41 and later) are left
    /// out until it settles: a file using either is not one a model loader accepts.
    public static let known: [UInt32: GGMLType] = [
        0: .init("F32", 1, 4),
        1: .init("F16", 1, 2),
        2: .init("Q4_0", 32, 2 + 16),
        3: .init("Q4_1", 32, 2 + 2 + 16),
        6: .init("Q5_0", 32, 2 + 4 + 16),
        7: .init("Q5_1", 32, 2 + 2 + 4 + 16),
        8: .init("Q8_0", 32, 2 + 32),
        9: .init("Q8_1", 32, 4 + 4 + 32),
        10: .init("Q2_K", 256, 2 + 2 + 256 / 16 + 256 / 4),
        11: .init("Q3_K", 256, 2 + 256 / 4 + 256 / 8 + 12),
        12: .init("Q4_K", 256, 2 + 2 + 256 / 2 + 12),
        13: .init("Q5_K", 256, 2 + 2 + 256 / 2 + 256 / 8 + 12),
        14: .init("Q6_K", 256, 2 + 256 / 2 + 256 / 4 + 256 / 16),
        15: .init("Q8_K", 256, 4 + 256 + 256 / 8),
        16: .init("IQ2_XXS", 256, 2 + 256 / 4),
        17: .init("IQ2_XS", 256, 2 + 256 / 4 + 256 / 32),
        18: .init("IQ3_XXS", 256, 2 + 256 / 4 + 256 / 8),
        19: .init("IQ1_S", 256, 2 + 256 / 8 + 256 / 16),
        20: .init("IQ4_NL", 32, 2 + 16),
        21: .init("IQ3_S", 256, 2 + 256 / 4 + 256 / 8 + 256 / 32 + 4),
        22: .init("IQ2_S", 256, 2 + 256 / 4 + 256 / 16),
        23: .init("IQ4_XS", 256, 2 + 2 + 256 / 2 + 256 / 64),
        24: .init("I8", 1, 1),
        25: .init("I16", 1, 2),
        26: .init("I32", 1, 4),
        27: .init("I64", 1, 8),
        28: .init("F64", 1, 8),
        29: .init("IQ1_M", 256, 256 / 8 + 256 / 16 + 256 / 32),
        30: .init("BF16", 1, 2),
        34: .init("TQ1_0", 256, 2 + 4 * 13),
        35: .init("TQ2_0", 256, 2 + 64),
        39: .init("MXFP4", 32, 1 + 16),
        40: .init("NVFP4", 64, 4 + 32),
    ]

    init(_ name: String, _ blockSize: Int64, _ typeSize: Int64) {
        self.name = name
        self.blockSize = blockSize
        self.typeSize = typeSize
    }

    /// The element count and bytes of a tensor of this type with these dimensions (innermost
    /// first), or why the dimensions cannot describe one: a count that does not fit ggml's
    /// 64-bit sizes, or a first dimension that does not fill whole blocks.
    public func layout(dimensions: [UInt64]) throws(GGUFError) -> (elements: Int64, bytes: Int64) {
        var elements: Int64 = 1
        for dimension in dimensions {
            guard let count = Int64(exactly: dimension) else { throw .dimensionsOverflow }
            let (product, overflow) = elements.multipliedReportingOverflow(by: count)
            guard !overflow else { throw .dimensionsOverflow }
            elements = product
        }
        // A tensor without dimensions is one element, as in ggml.
        let first = dimensions.first ?? 1
        guard first % UInt64(blockSize) == 0 else {
            throw GGUFError("a \(name) tensor's first dimension (\(first)) is not a multiple of its block size \(blockSize)")
        }
        let (bytes, overflow) = (elements / blockSize).multipliedReportingOverflow(by: typeSize)
        guard !overflow else { throw .dimensionsOverflow }
        return (elements, bytes)
    }
}
