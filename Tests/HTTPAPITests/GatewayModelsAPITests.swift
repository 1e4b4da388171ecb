import Foundation
import HangarTesting
import Storage
import Testing

/// `GET /v1/models` with an application key: OpenAI's list shape plus the catalog's facts,
/// only the models the key may call; every refusal in OpenAI's error shape.
@Suite struct GatewayModelsAPITests {
    static func openAIError(_ reply: Reply) -> [String: Any] {
        #expect(Set(reply.object.keys) == ["error"], "\(reply)")
        let inner = reply.object["error"] as? [String: Any] ?? [:]
        #expect(Set(inner.keys) == ["message", "type", "code", "param"], "\(reply)")
        return inner
    }

    @Test(arguments: TestDatabases.engines)
    func aKeySeesTheModelsItMayCall(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            // The builtin Mistral connection has models; enable it with an address so its models are callable.
            #expect(try await api.patch("/api/providers/mistral", ["enabled": true, "base_url": "http://127.0.0.1:9"]).status == .ok)
            let first = "mistral-mistral-large-latest"

            let open = try #require(try await api.post("/api/keys", ["name": "All"]).object["secret"] as? String)
            let all = try await api.send(.get, "/v1/models", token: open)
            #expect(all.status == .ok, "\(all)")
            #expect(all.object["object"] as? String == "list")
            let data = all.object["data"] as? [[String: Any]] ?? []
            let ids = Set(data.compactMap { $0["id"] as? String })
            #expect(ids.contains(first) && !ids.contains("local-qwen3-0.6b-q4_0"), "local files are served by no connection: \(ids)")
            let entry = try #require(data.first { $0["id"] as? String == first })
            #expect(entry["object"] as? String == "model" && entry["owned_by"] as? String == "mistral" && entry["created"] is Int)
            #expect(entry["context_window"] is Int && entry["status"] as? String == "active")
            #expect(entry.keys.contains("cost_input_per_million") && entry.keys.contains("replacement"))

            let scoped = try #require(try await api.post("/api/keys", ["name": "One", "models": [first]]).object["secret"] as? String)
            let one = try await api.send(.get, "/v1/models", token: scoped)
            #expect((one.object["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [first])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func missingUnknownAndRevokedKeysAreRefusedAsOpenAIDoes(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let created = try await api.post("/api/keys", ["name": "Soon revoked"])
            let secret = try #require(created.object["secret"] as? String)
            #expect(try await api.send(.get, "/v1/models", token: secret).status == .ok)
            #expect(try await api.delete("/api/keys/\(created.id)").status == .ok)
            for token in [secret, nil, "hk_" + String(repeating: "x", count: 32), TestServer.token] {
                let refused = try await api.send(.get, "/v1/models", token: token)
                #expect(refused.status == .unauthorized, "\(String(describing: token?.prefix(5))): \(refused)")
                let error = Self.openAIError(refused)
                // OpenAI's own answer to a bad key: 401, invalid_request_error, invalid_api_key.
                #expect(error["code"] as? String == "invalid_api_key" && error["type"] as? String == "invalid_request_error")
            }
        }
    }
}
