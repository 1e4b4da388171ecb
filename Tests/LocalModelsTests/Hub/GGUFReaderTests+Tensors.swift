import Foundation
import HangarCore
import HangarTesting
import Testing

@testable import LocalModels

/// Tensor infos: every name, dimension, type and offset is checked against the data section
/// and the file, even when the metadata already gives the parameter count.
extension GGUFReaderTests {
    /// Why the reader refused `bytes`, or nil when it accepted them.
    func refusal(_ builder: GGUFBuilder, tensorData: Int = 0) async throws -> String? {
        guard case .failure(let error) = try await read(builder.build(tensorData: tensorData)) else { return nil }
        return error.message
    }

    @Test func tensorOffsetFarPastTheEndOfTheFileIsRefused() async throws {
        let builder = GGUFBuilder.model(
            parameterCount: 65_536, tensors: [.init(name: "token_embd.weight", dimensions: [1024, 64], type: 2, offset: 1 << 50)])
        let message = try await refusal(builder, tensorData: 1 << 20)
        #expect(message?.contains("past the end of the file") == true, "\(message ?? "accepted")")
    }

    @Test func tensorEndingPastTheEndOfTheFileIsRefused() async throws {
        // The second tensor starts inside the file but its 4,608 bytes do not fit in it.
        let tensors: [GGUFBuilder.Tensor] = [
            .init(name: "a", dimensions: [1024], type: 0), .init(name: "b", dimensions: [1024, 8], type: 2),
        ]
        let bytes = GGUFBuilder.model(parameterCount: 9216, tensors: tensors).build()
        #expect(try await read(bytes).map(\.parameterCount) == .success(9216))
        let cut = try await read(Array(bytes.dropLast(1)))
        #expect(cut.failureMessage?.contains("past the end of the file") == true, "\(cut)")
    }

    @Test func overflowingDimensionsAreRefusedEvenWhenTheMetadataCountsParameters() async throws {
        for dimensions: [UInt64] in [[1 << 40, 1 << 40], [UInt64.max], [1 << 62, 4], [1 << 61, 1, 1, 1]] {
            // F64: 2^61 elements fit an Int64, their 2^64 bytes do not.
            let builder = GGUFBuilder.model(parameterCount: 1_000, tensors: [.init(name: "w", dimensions: dimensions, type: 28)])
            #expect(try await refusal(builder) == "tensor dimensions overflow", "\(dimensions)")
        }
    }

    @Test(arguments: [4, 5, 31, 36, 41, 99, UInt32.max] as [UInt32])
    func unknownOrRetiredTensorTypeIsRefused(type: UInt32) async throws {
        let builder = GGUFBuilder.model(parameterCount: 1_000, tensors: [.init(name: "w", dimensions: [32], type: type)])
        #expect(try await refusal(builder) == "tensor 0 has unknown ggml type \(type)")
    }

    @Test func misalignedTensorOffsetIsRefused() async throws {
        let tensors: [GGUFBuilder.Tensor] = [.init(name: "a", dimensions: [4]), .init(name: "b", dimensions: [4], offset: 16)]
        let message = try await refusal(GGUFBuilder.model(parameterCount: 8, tensors: tensors), tensorData: 4096)
        #expect(message == "tensor 1's data offset 16 is not a multiple of the alignment 32")
    }

    @Test func firstDimensionMustFillWholeBlocks() async throws {
        let builder = GGUFBuilder.model(parameterCount: 32, tensors: [.init(name: "w", dimensions: [16, 2], type: 2)])
        #expect(try await refusal(builder, tensorData: 4096)?.contains("not a multiple of its block size 32") == true)
    }

    @Test func tensorNameLongerThanGGMLAllowsIsRefused() async throws {
        let name = String(repeating: "n", count: 64)
        let builder = GGUFBuilder.model(parameterCount: 32, tensors: [.init(name: name, dimensions: [32])])
        #expect(try await refusal(builder, tensorData: 4096) == "tensor 0's name is 64 bytes long; ggml allows 63")
    }

    @Test(arguments: [.uint32(0), .uint32(3), .uint32(48), .uint32(1 << 30), .string("32"), .float32(32)] as [GGUFBuilder.Value])
    func alignmentMustBeASanePowerOfTwo(alignment: GGUFBuilder.Value) async throws {
        var builder = GGUFBuilder.model()
        builder.metadata.removeAll { $0.key == "general.alignment" }
        builder.metadata.append(("general.alignment", alignment))
        #expect(try await refusal(builder, tensorData: 4096)?.hasPrefix("general.alignment") == true)
    }

    @Test func contextLengthThatDoesNotFitAnIntegerIsInvalid() async throws {
        for value: GGUFBuilder.Value in [.uint64(1 << 63), .uint64(.max), .int64(-1), .int32(-8192)] {
            var builder = GGUFBuilder.model(contextLength: nil)
            builder.metadata.append(("qwen3.context_length", value))
            #expect(try await refusal(builder) == "the context length is out of range", "\(value)")
        }
        // Another architecture's key is not this model's context length.
        var builder = GGUFBuilder.model()
        builder.metadata.append(("clip.context_length", .uint64(.max)))
        #expect(try await read(builder.build()).map(\.contextLength) == .success(40_960))
    }

    @Test func validMultiTensorFileParsesWithItsOwnAlignment() async throws {
        var builder = GGUFBuilder.model(
            fileType: 15,
            tensors: [
                .init(name: "token_embd.weight", dimensions: [1024, 8], type: 12),  // Q4_K
                .init(name: "blk.0.attn_norm.weight", dimensions: [1024], type: 0),  // F32
                .init(name: "blk.0.ffn_down.weight", dimensions: [256, 4], type: 14),  // Q6_K
                .init(name: "output.weight", dimensions: [64, 3], type: 30),  // BF16
                .init(name: "rope_freqs", dimensions: [], type: 0),  // a scalar
            ])
        builder.metadata.removeAll { $0.key == "general.alignment" }
        builder.metadata.append(("general.alignment", .uint32(64)))
        let bytes = builder.build()
        // 4,608 + 4,096 + 840 (padded to 896) + 384 + 4 bytes of data, each tensor at a multiple of 64.
        #expect(bytes.count % 64 == 4)
        let metadata = try await read(bytes).get()
        #expect(
            metadata
                == GGUFMetadata(
                    architecture: "qwen3", parameterCount: 8192 + 1024 + 1024 + 192 + 1, quantization: "Q4_K_M", contextLength: 40_960))
    }

    /// Spot checks against the sizes llama.cpp's gguf-py lists, computed by hand here.
    @Test(
        arguments: [
            (0, 1, 4), (1, 1, 2), (2, 32, 18), (3, 32, 20), (6, 32, 22), (7, 32, 24), (8, 32, 34), (9, 32, 40),
            (10, 256, 84), (11, 256, 110), (12, 256, 144), (13, 256, 176), (14, 256, 210), (15, 256, 292),
            (16, 256, 66), (17, 256, 74), (18, 256, 98), (19, 256, 50), (20, 32, 18), (21, 256, 110), (22, 256, 82),
            (23, 256, 136), (24, 1, 1), (25, 1, 2), (26, 1, 4), (27, 1, 8), (28, 1, 8), (29, 256, 56), (30, 1, 2),
            (34, 256, 54), (35, 256, 66), (39, 32, 17), (40, 64, 36),
        ] as [(UInt32, Int64, Int64)])
    func ggmlBlockLayouts(type: UInt32, blockSize: Int64, typeSize: Int64) throws {
        let layout = try #require(GGMLType.known[type])
        #expect(layout.blockSize == blockSize && layout.typeSize == typeSize, "\(layout.name)")
        let tensor = try layout.layout(dimensions: [UInt64(blockSize) * 2, 3])
        #expect(tensor.elements == blockSize * 6 && tensor.bytes == typeSize * 6)
    }
}

extension Result {
    var failureMessage: String? {
        if case .failure(let error as GGUFError) = self { return error.message }
        return nil
    }
}
