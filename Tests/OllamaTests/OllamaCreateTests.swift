import Foundation
import HangarCore
import HangarTesting
import Testing
import Upstream

@testable import Ollama

/// Blob upload (streamed from disk) and create against the fake Ollama.
@Suite struct OllamaCreateTests {
    static func server(_ fake: FakeOllama) -> OllamaServer {
        OllamaServer(baseURL: fake.baseURL, apiKey: nil, streamClient: UpstreamClients.system.streaming)
    }

    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-blob-\(UUID().uuidString.prefix(8)).gguf").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aBlobIsSentOnceFromDiskThenAModelIsCreatedFromIt() async throws {
        try await FakeOllama.withServer { fake in
            let bytes = FakeHub.sampleBytes(count: 3 << 20)
            let sha = FakeOllamaManifest.sha256Hex(bytes)
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let server = Self.server(fake)
            #expect(try await server.hasBlob(sha256: sha) == false)
            let sent = Box<[Int64]>([])
            try await server.pushBlob(path: path, size: Int64(bytes.count), sha256: sha, timeout: .seconds(30)) { done in
                sent.value.append(done)
            }
            #expect(sent.value.last == Int64(bytes.count) && sent.value.count == 3, "\(sent.value)")
            #expect(try await server.hasBlob(sha256: sha))
            #expect(fake.blobUploads.map(\.bytes) == [bytes.count])

            let statuses = Box<[String]>([])
            try await server.create(
                try OllamaName("tiny:q4"), file: "tiny-Q4_0.gguf", sha256: sha, template: nil, system: "Be brief.",
                parameters: ["temperature": .number(0.2)]
            ) { statuses.value.append($0) }
            #expect(statuses.value.first == "parsing GGUF" && statuses.value.last == "success", "\(statuses.value)")
            #expect(fake.models.contains("tiny:q4"))
            #expect(fake.creates.last?["system"] == "Be brief." && fake.creates.last?["parameters"] == #"{"temperature":0.2}"#)
        }
    }

    @Test func aDamagedUploadAndAMissingBlobAreNamed() async throws {
        try await FakeOllama.withServer { fake in
            let bytes = FakeHub.sampleBytes(count: 1000)
            let sha = FakeOllamaManifest.sha256Hex(bytes)
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let server = Self.server(fake)
            fake.corruptUploads(1)
            await #expect {
                try await server.pushBlob(path: path, size: 1000, sha256: sha, timeout: .seconds(30)) { _ in }
            } throws: { error in
                (error as? OllamaPullError)?.code == .checksumMismatch && (error as? OllamaPullError)?.message.contains("damaged") == true
            }
            #expect(try await server.hasBlob(sha256: sha) == false)
            await #expect(throws: (any Error).self) {
                try await server.create(
                    try OllamaName("tiny:q4"), file: "tiny.gguf", sha256: sha, template: nil, system: nil, parameters: nil
                ) { _ in }
            }
            #expect(!fake.models.contains("tiny:q4"))
        }
    }
}

/// What a callback saw (the callbacks run one at a time).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
