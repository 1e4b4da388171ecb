extension GGUFReader {
    /// What the tensor infos add up to, kept in a few numbers whatever their count.
    struct TensorSummary {
        var elements: Int64 = 0
        /// How far into the data section the furthest tensor's data reaches, and which tensor.
        var dataEnd: UInt64 = 0
        var furthest = 0
    }

    /// GGML_MAX_NAME is 64 bytes, the terminating zero included.
    static let maxTensorNameLength: UInt64 = 63
    /// Far above what writers use (ggml's default is 32), low enough that padding to it cannot
    /// overflow or skip past a file's end unnoticed.
    static let maxAlignment: Int64 = 1 << 20

    static let invalidAlignment = GGUFError("general.alignment must be an integer power of two up to \(maxAlignment)")

    /// The data section's alignment: `general.alignment` when the file sets it, else ggml's 32.
    static func alignment(_ value: Int64?) throws(GGUFError) -> Int64 {
        guard let alignment = value else { return 32 }
        guard alignment > 0, alignment <= maxAlignment, alignment & (alignment - 1) == 0 else { throw invalidAlignment }
        return alignment
    }

    /// Reads every tensor info: its name's length, dimensions, ggml type and data offset. Offsets
    /// count from the data section, whose start is known only after the last info, so what must
    /// fit in the file is checked then, from the furthest end seen.
    static func readTensorInfos(_ cursor: inout GGUFCursor, count: UInt64, alignment: Int64) throws(GGUFError) -> TensorSummary {
        var summary = TensorSummary()
        for index in 0..<Int(count) {
            let nameLength = try cursor.u64()
            guard nameLength <= maxTensorNameLength else {
                throw GGUFError("tensor \(index)'s name is \(nameLength) bytes long; ggml allows \(maxTensorNameLength)")
            }
            try cursor.skip(Int64(nameLength))
            let dimensionCount = try cursor.u32()
            guard dimensionCount <= maxDimensions else { throw GGUFError("tensor has too many dimensions") }
            var dimensions: [UInt64] = []
            for _ in 0..<dimensionCount { dimensions.append(try cursor.u64()) }
            let typeNumber = try cursor.u32()
            guard let type = GGMLType.known[typeNumber] else { throw GGUFError("tensor \(index) has unknown ggml type \(typeNumber)") }
            let layout = try type.layout(dimensions: dimensions)
            let offset = try cursor.u64()
            guard offset % UInt64(alignment) == 0 else {
                throw GGUFError("tensor \(index)'s data offset \(offset) is not a multiple of the alignment \(alignment)")
            }
            let (end, overflow) = offset.addingReportingOverflow(UInt64(layout.bytes))
            guard !overflow else { throw pastTheEnd(tensor: index) }
            if end > summary.dataEnd { (summary.dataEnd, summary.furthest) = (end, index) }
            let (elements, tooMany) = summary.elements.addingReportingOverflow(layout.elements)
            guard !tooMany else { throw .dimensionsOverflow }
            summary.elements = elements
        }
        guard count > 0 else { return summary }
        // The data section starts at the first aligned offset after the tensor infos.
        let dataStart = (cursor.offset + alignment - 1) / alignment * alignment
        guard dataStart <= cursor.fileSize, summary.dataEnd <= UInt64(cursor.fileSize - dataStart) else {
            throw pastTheEnd(tensor: summary.furthest)
        }
        return summary
    }

    private static func pastTheEnd(tensor index: Int) -> GGUFError {
        GGUFError("tensor \(index)'s data lies past the end of the file")
    }
}
