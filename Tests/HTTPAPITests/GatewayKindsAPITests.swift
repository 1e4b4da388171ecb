import Foundation
import HangarTesting
import Storage
import Testing

/// Each connection kind gets the call at its own OpenAI-compatible endpoint, with its own
/// credentials: Azure's deployment URL, `api-key` and `api-version`; Ollama's `/v1`.
@Suite struct GatewayKindsAPITests {
    @Test func azureGetsTheDeploymentURLItsKeyAndTheAPIVersion() async throws {
        try await FakeAzureOpenAI.withServer(deployments: ["chat", "embed"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(
                    api, baseURL: upstream.server.baseURL, kind: "azure-openai", key: FakeAzureOpenAI.defaultKey, apiName: "chat",
                    connection: ["api_version": "2024-10-21"])
                let secret = try await setup.key()
                let reply = try await setup.chat(secret, model: "chat")
                #expect(reply.status == .ok && reply.object["model"] as? String == "chat", "\(reply)")
                let sent = try #require(upstream.requests.last)
                #expect(sent.path == "/openai/deployments/chat/chat/completions" && sent.uri.contains("api-version=2024-10-21"))
                #expect(sent.header("api-key") == FakeAzureOpenAI.defaultKey && sent.header("authorization") == nil)

                let streamed = try await setup.chat(secret, model: "chat", extra: ["stream": true])
                #expect(streamed.status == .ok && streamed.text.hasSuffix("data: [DONE]\n\n"), "\(streamed)")
                #expect(try await setup.records().allSatisfy { $0["estimated"] as? Bool == false })

                let embedModel = try await api.post(
                    "/api/models", ["provider_id": setup.providerID, "name": "Embed", "api_name": "embed"] as [String: Any])
                #expect(embedModel.status == .created)
                let embedded = try await api.send(
                    .post, "/v1/embeddings", json: ["model": "embed", "input": ["one", "two"]], token: secret)
                #expect(embedded.status == .ok && (embedded.object["data"] as? [Any])?.count == 2, "\(embedded)")
                #expect(upstream.requests.last?.path == "/openai/deployments/embed/embeddings")
            }
        }
    }

    @Test func ollamaIsCalledAtItsOpenAICompatibleAPI() async throws {
        try await FakeOllama.withServer { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(
                    api, baseURL: upstream.server.baseURL, kind: "ollama", key: nil, apiName: "qwen2.5:0.5b",
                    model: ["context_window": 32768])
                let secret = try await setup.key()
                let reply = try await setup.chat(secret, model: "qwen2.5:0.5b")
                #expect(reply.status == .ok && reply.object["model"] as? String == "qwen2.5:0.5b", "\(reply)")
                #expect(upstream.requests.last?.path == "/v1/chat/completions")
                let streamed = try await setup.chat(secret, model: setup.modelID, extra: ["stream": true])
                let models = GatewayStreamAPITests.chunks(streamed.text).compactMap { $0["model"] as? String }
                #expect(!models.isEmpty && models.allSatisfy { $0 == setup.modelID }, "\(streamed.text)")
                let record = try #require(try await setup.records().first)
                #expect(record["cost_usd"] is NSNull, "an unpriced Ollama model costs unknown, not $0")
            }
        }
    }

    @Test func embeddingsPassThroughAndAreRecorded() async throws {
        try await FakeOpenAI.withServer(models: ["text-embedding-3-small"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(
                    api, baseURL: upstream.server.baseURL, apiName: "text-embedding-3-small",
                    model: ["cost_input_per_million": 0.02])
                let secret = try await setup.key()
                let reply = try await api.send(
                    .post, "/v1/embeddings",
                    json: ["model": "text-embedding-3-small", "input": ["a first text", "a second"], "encoding_format": "base64"],
                    token: secret)
                #expect(reply.status == .ok, "\(reply)")
                let data = reply.object["data"] as? [[String: Any]] ?? []
                #expect(data.count == 2 && data.allSatisfy { $0["embedding"] is String }, "base64 as asked: \(reply)")
                let record = try #require(try await setup.records().first)
                #expect(record["purpose"] as? String == "embedding" && record["output_tokens"] as? Int == 0)
                #expect(record["estimated"] as? Bool == false && record["cost_usd"] is Double, "\(record)")
            }
        }
    }
}
