import Foundation
import HangarCore
import HangarTesting
import Testing

@testable import LocalModels

@Suite struct GGUFReaderTests {
    /// Writes `bytes` to a fresh file and reads its header.
    func read(_ bytes: [UInt8]) async throws -> Result<GGUFMetadata, GGUFError> {
        try await withTemporaryDirectory { directory in
            let path = directory + "/m.gguf"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return Result { () throws(GGUFError) in try GGUFReader.read(path: path) }
        }
    }

    @Test func typicalHeaderGivesArchitectureQuantizationContextAndParameters() async throws {
        let builder = GGUFBuilder.model(
            architecture: "qwen3", fileType: 2, contextLength: 40_960,
            tensors: [
                .init(name: "token_embd.weight", dimensions: [1024, 1536], type: 2),
                .init(name: "blk.0.attn_norm.weight", dimensions: [1024]),
            ])
        let metadata = try await read(builder.build()).get()
        #expect(
            metadata
                == GGUFMetadata(
                    architecture: "qwen3", parameterCount: 1024 * 1536 + 1024, quantization: "Q4_0", contextLength: 40_960))
    }

    @Test func parameterCountFromTheMetadataWinsOverTheTensors() async throws {
        let metadata = try await read(GGUFBuilder.model(parameterCount: 596_049_920).build()).get()
        #expect(metadata.parameterCount == 596_049_920)
    }

    @Test func contextLengthMayComeBeforeTheArchitecture() async throws {
        var builder = GGUFBuilder()
        builder.metadata = [("llama.context_length", .uint64(131_072)), ("general.architecture", .string("llama"))]
        let metadata = try await read(builder.build()).get()
        #expect(metadata.architecture == "llama")
        #expect(metadata.contextLength == 131_072)
        #expect(metadata.parameterCount == nil)
        #expect(metadata.quantization == nil)
    }

    @Test func version2IsReadToo() async throws {
        var builder = GGUFBuilder.model(fileType: 15)
        builder.version = 2
        #expect(try await read(builder.build()).get().quantization == "Q4_K_M")
    }

    @Test(
        arguments: [(0, "F32"), (1, "F16"), (7, "Q8_0"), (15, "Q4_K_M"), (18, "Q6_K"), (32, "BF16"), (30, "IQ4_XS"), (999, "type 999")]
            as [(UInt32, String)])
    func fileTypeNamesFollowLlamaCpp(fileType: UInt32, name: String) async throws {
        #expect(try await read(GGUFBuilder.model(fileType: fileType).build()).get().quantization == name)
    }

    @Test func everyValueTypeIsSkippedCorrectly() async throws {
        var builder = GGUFBuilder()
        builder.metadata = [
            ("a", .uint8(1)), ("b", .int8(-1)), ("c", .uint16(2)), ("d", .int16(-2)), ("e", .uint32(3)), ("f", .int32(-3)),
            ("g", .float32(1.5)), ("h", .bool(true)), ("i", .string("text")), ("j", .uint64(4)), ("k", .int64(-4)),
            ("l", .float64(2.5)), ("m", .array(type: 9, [.array(type: 4, [.uint32(1), .uint32(2)]), .array(type: 8, [.string("x")])])),
            ("general.architecture", .string("gemma3")), ("gemma3.context_length", .int32(8192)),
            ("general.file_type", .uint16(1)),
        ]
        builder.tensors = [.init(name: "w", dimensions: [2, 3, 4, 5])]
        let metadata = try await read(builder.build()).get()
        #expect(metadata == GGUFMetadata(architecture: "gemma3", parameterCount: 120, quantization: "F16", contextLength: 8192))
    }

    @Test func wrongMagicIsNotAGGUFFile() async throws {
        var builder = GGUFBuilder.model()
        builder.magic = Array("GGML".utf8)
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "not a GGUF file")))
        #expect(try await read([]) == .failure(GGUFError(message: "not a GGUF file")))
        #expect(try await read(Array("GG".utf8)) == .failure(GGUFError(message: "not a GGUF file")))
    }

    @Test(arguments: [1, 4, 0x0300_0000] as [UInt32])
    func unsupportedVersionsAreRefused(version: UInt32) async throws {
        var builder = GGUFBuilder.model()
        builder.version = version
        guard case .failure(let error) = try await read(builder.build()) else {
            Issue.record("version \(version) was accepted")
            return
        }
        #expect(error.message.contains(version == 0x0300_0000 ? "big-endian" : "version"))
    }

    /// The last tensor's data ends where the file ends, so every shorter file misses some.
    @Test func fileTruncatedAtAnyOffsetFailsCleanly() async throws {
        let bytes = GGUFBuilder.model(tensors: [.init(name: "w", dimensions: [4, 4])]).build()
        try await withTemporaryDirectory { directory in
            let path = directory + "/cut.gguf"
            for length in 0..<bytes.count {
                try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
                let outcome = Result { () throws(GGUFError) in try GGUFReader.read(path: path) }
                if case .success = outcome { Issue.record("prefix of \(length) of \(bytes.count) bytes was accepted") }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: Never.self) { try GGUFReader.read(path: path) }
        }
    }

    @Test func absurdStringLengthIsRefusedWithoutAllocating() async throws {
        var builder = GGUFBuilder()
        builder.metadata = [("general.architecture", .raw(type: 8, bytes: le(UInt64(1) << 60) + Array("llama".utf8)))]
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "string too long")))
    }

    @Test func stringLongerThanTheFileIsTruncated() async throws {
        var builder = GGUFBuilder()
        builder.metadata = [("general.name", .raw(type: 8, bytes: le(UInt64(1000)) + Array("short".utf8)))]
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "truncated header")))
    }

    @Test func absurdArrayCountIsRefused() async throws {
        var builder = GGUFBuilder()
        builder.metadata = [("tokenizer.ggml.tokens", .raw(type: 9, bytes: le(UInt32(8)) + le(UInt64.max)))]
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "array too long")))
        builder.metadata = [("tokenizer.ggml.scores", .raw(type: 9, bytes: le(UInt32(6)) + le(UInt64(1) << 23)))]
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "truncated header")))
    }

    @Test func absurdCountsInTheHeaderAreRefused() async throws {
        var builder = GGUFBuilder.model()
        builder.metadataCountOverride = UInt64.max
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "too many metadata entries")))
        builder = GGUFBuilder.model()
        builder.tensorCountOverride = 1 << 40
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "too many tensors")))
        builder = GGUFBuilder.model()
        builder.metadataCountOverride = 1000
        // The tensor infos then read as entries: whatever breaks first, it must be an error.
        guard case .failure = try await read(builder.build()) else {
            Issue.record("a header claiming 1000 entries was accepted")
            return
        }
    }

    @Test func unknownValueTypeAndDeepNestingAreRefused() async throws {
        var builder = GGUFBuilder()
        builder.metadata = [("x", .raw(type: 13, bytes: [0, 0, 0, 0]))]
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "unknown value type 13")))
        builder.metadata = [("x", .array(type: 9, [.array(type: 9, [.array(type: 4, [.uint32(1)])])]))]
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "arrays nested too deeply")))
    }

    @Test func tensorWithTooManyOrOverflowingDimensionsIsRefused() async throws {
        var builder = GGUFBuilder.model(tensors: [.init(name: "w", dimensions: [1, 1, 1, 1, 1])])
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "tensor has too many dimensions")))
        builder = GGUFBuilder.model(tensors: [.init(name: "w", dimensions: [1 << 40, 1 << 40])])
        #expect(try await read(builder.build()) == .failure(GGUFError(message: "tensor dimensions overflow")))
    }

    /// A sparse file of 8 GiB: only the header is read, so this takes no time and no memory.
    @Test func multiGigabyteFileIsReadFromItsHeaderOnly() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/big.gguf"
            try Data(GGUFBuilder.model(parameterCount: 8_000_000_000).build()).write(to: URL(fileURLWithPath: path))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: 8 << 30)
            try handle.close()

            let started = ContinuousClock.now
            let metadata = try GGUFReader.read(path: path)

            #expect(metadata.parameterCount == 8_000_000_000)
            #expect(ContinuousClock.now - started < .seconds(1))
        }
    }

    @Test func directoriesAndMissingFilesAreErrors() async throws {
        try await withTemporaryDirectory { directory in
            #expect(throws: GGUFError.self) { try GGUFReader.read(path: directory) }
            #expect(throws: GGUFError.self) { try GGUFReader.read(path: directory + "/missing.gguf") }
        }
    }

    func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        var out: [UInt8] = []
        GGUFBuilder.append(value, to: &out)
        return out
    }
}
