import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

@Suite struct FakeOllamaRunningTests {
    private func running(_ fake: FakeOllama) async throws -> [String] {
        let ps = try await send(.GET, fake.baseURL + "/api/ps").json()
        return (ps["models"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test func anEmptyPromptLoadsAndKeepAliveZeroUnloads() async throws {
        try await FakeOllama.withServer { fake in
            let load = try await send(.POST, fake.baseURL + "/api/generate", json: #"{"model":"llama3.2"}"#).json()
            #expect(load["done_reason"] as? String == "load" && load["response"] as? String == "")
            let ps = try await send(.GET, fake.baseURL + "/api/ps").json()
            let entry = try #require((ps["models"] as? [[String: Any]])?.first)
            #expect(entry["name"] as? String == "llama3.2:latest")
            #expect(entry["context_length"] as? Int == 4096)
            #expect(entry["size_vram"] as? Int == entry["size"] as? Int)
            #expect(entry["expires_at"] is String)

            let unload = try await send(.POST, fake.baseURL + "/api/generate", json: #"{"model":"llama3.2","keep_alive":"0s"}"#)
            #expect(try unload.json()["done_reason"] as? String == "unload")
            #expect(try await running(fake).isEmpty)
        }
    }

    @Test func anUnloadCanLagForSomePolls() async throws {
        try await FakeOllama.withServer { fake in
            fake.unloadLag = .polls(2)
            _ = try await send(.POST, fake.baseURL + "/api/generate", json: #"{"model":"llama3.2"}"#)
            _ = try await send(.POST, fake.baseURL + "/api/generate", json: #"{"model":"llama3.2","keep_alive":0}"#)
            #expect(try await running(fake) == ["llama3.2:latest"])
            #expect(try await running(fake) == ["llama3.2:latest"])
            #expect(try await running(fake).isEmpty)
        }
    }

    @Test func aStubbornServerIgnoresTheFirstUnloads() async throws {
        try await FakeOllama.withServer { fake in
            fake.ignoreSoftUnloads(2)
            _ = try await send(.POST, fake.baseURL + "/api/generate", json: #"{"model":"qwen2.5:0.5b","keep_alive":-1}"#)
            for attempt in 1...3 {
                let unload = try await send(
                    .POST, fake.baseURL + "/api/generate", json: #"{"model":"qwen2.5:0.5b","keep_alive":0}"#)
                #expect(try unload.json()["done_reason"] as? String == "unload")
                #expect(try await running(fake).isEmpty == (attempt == 3))
            }
        }
    }

    @Test func anUnknownModelIsNotFound() async throws {
        try await FakeOllama.withServer { fake in
            let reply = try await send(.POST, fake.baseURL + "/api/generate", json: #"{"model":"mistral:7b"}"#)
            #expect(reply.status == 404)
            #expect(try reply.json()["error"] as? String == "model 'mistral:7b' not found")
        }
    }
}
