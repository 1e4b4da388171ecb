import Foundation
import HangarTesting
import Testing

/// A connection to a fake upstream with one priced model, and application keys to call it.
struct GatewaySetup: Sendable {
    let api: API
    let providerID: String
    let modelID: String

    static var prices: [String: Any] { ["cost_input_per_million": 2.5, "cost_output_per_million": 10] }

    static func make(
        _ api: API, baseURL: String, kind: String = "openai-compatible", key: String? = FakeOpenAI.defaultKey,
        apiName: String = "gpt-4o", model extra: [String: Any] = prices, connection: [String: Any] = [:]
    ) async throws -> GatewaySetup {
        var body: [String: Any] = ["kind": kind, "name": "Upstream \(UUID().uuidString.prefix(6))", "base_url": baseURL]
        if let key { body["api_key"] = key }
        body.merge(connection) { _, new in new }
        let provider = try await api.post("/api/providers", body)
        try #require(provider.status == .created, "\(provider)")
        var model: [String: Any] = ["provider_id": provider.id, "name": "Model \(apiName)", "api_name": apiName]
        model.merge(extra) { _, new in new }
        let created = try await api.post("/api/models", model)
        try #require(created.status == .created, "\(created)")
        return GatewaySetup(api: api, providerID: provider.id, modelID: created.id)
    }

    /// A new key's secret; `fields` adds limits, models, a budget…
    func key(_ fields: [String: Any] = [:]) async throws -> String {
        var body: [String: Any] = ["name": "App \(UUID().uuidString.prefix(6))"]
        body.merge(fields) { _, new in new }
        let created = try await api.post("/api/keys", body)
        try #require(created.status == .created, "\(created)")
        return try #require(created.object["secret"] as? String)
    }

    func chat(_ secret: String, model: String = "gpt-4o", extra: [String: Any] = [:]) async throws -> Reply {
        var body: [String: Any] = ["model": model, "messages": [["role": "user", "content": "Say hello"]], "max_tokens": 20]
        body.merge(extra) { _, new in new }
        return try await api.send(.post, "/v1/chat/completions", json: body, token: secret)
    }

    func records() async throws -> [[String: Any]] {
        try await api.get("/api/usage/records?limit=500").object["records"] as? [[String: Any]] ?? []
    }

    /// The body of an OpenAI-shaped error, checked to have exactly OpenAI's fields.
    static func openAIError(_ reply: Reply, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
        #expect(Set(reply.object.keys) == ["error"], "\(reply)", sourceLocation: sourceLocation)
        let inner = reply.object["error"] as? [String: Any] ?? [:]
        #expect(Set(inner.keys) == ["message", "type", "code", "param"], "\(reply)", sourceLocation: sourceLocation)
        return inner
    }
}
