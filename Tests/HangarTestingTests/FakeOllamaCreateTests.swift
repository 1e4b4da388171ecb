import AsyncHTTPClient
import Foundation
import HangarTesting
import NIOCore
import Testing

/// The fake Ollama's blob upload and create, as Ollama answers them.
@Suite struct FakeOllamaCreateTests {
    static func upload(_ bytes: [UInt8], to url: String) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
    }

    @Test func blobsAreKeptOnlyWhenTheirDigestMatches() async throws {
        try await FakeOllama.withServer { fake in
            let bytes = FakeHub.sampleBytes(count: 4096)
            let digest = "sha256:" + FakeOllamaManifest.sha256Hex(bytes)
            let url = fake.baseURL + "/api/blobs/" + digest
            #expect(try await send(.HEAD, url).status == 404)
            let wrong = try await Self.upload(Array(bytes.dropLast()), to: url)
            let mismatch = try wrong.json()["error"] as? String
            #expect(wrong.status == 400 && mismatch?.hasPrefix("digest mismatch") == true, "\(wrong.text)")
            #expect(try await send(.HEAD, url).status == 404)
            fake.corruptUploads(1)
            #expect(try await Self.upload(bytes, to: url).status == 400)
            #expect(try await Self.upload(bytes, to: url).status == 201)
            #expect(try await send(.HEAD, url).status == 200)
            #expect(fake.blobUploads.map(\.accepted) == [false, false, true])
            #expect(try await send(.HEAD, fake.baseURL + "/api/blobs/sha256:nothex").status == 400)
        }
    }

    @Test func createNeedsItsBlobThenStreamsToSuccess() async throws {
        try await FakeOllama.withServer { fake in
            let bytes = FakeHub.sampleBytes(count: 1000)
            let digest = "sha256:" + FakeOllamaManifest.sha256Hex(bytes)
            let body = #"{"model":"tiny:q4","files":{"tiny-Q4_0.gguf":"\#(digest)"},"system":"Be brief.","parameters":{"temperature":0.2}}"#
            let missing = try await send(.POST, fake.baseURL + "/api/create", json: body)
            let refusal = try missing.json()["error"] as? String
            #expect(missing.status == 400 && refusal?.contains("does not exist") == true)
            fake.addBlob(bytes)
            let created = try await send(.POST, fake.baseURL + "/api/create", json: body)
            #expect(created.status == 200, "\(created.text)")
            let lines = try created.lines().compactMap { $0["status"] as? String }
            #expect(lines.first == "parsing GGUF" && lines.last == "success" && lines.contains("using existing layer \(digest)"))
            #expect(fake.models.contains("tiny:q4"))
            #expect(fake.creates.last?["system"] == "Be brief." && fake.creates.last?["parameters"] == #"{"temperature":0.2}"#)
            #expect(try await send(.POST, fake.baseURL + "/api/create", json: #"{"model":"Bad Name!","files":{}}"#).status == 400)
        }
    }
}
